import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import type { Request, WebSourceStatus } from "../../src/pipeline/types.js";
import { renderDiscordReply } from "../../src/render/discord.js";
import { renderTelegramReply } from "../../src/render/telegram.js";
import { renderReplyText } from "../../src/render/text.js";

describe("/sources with web sources", () => {
  it("shows moderators each web source's last fetch and error, and others only the documents", async () => {
    const service = await AnswerService.load("corpus");
    const catalog = await loadCatalog("commands");
    const web: WebSourceStatus[] = [
      {
        url: "https://news.example.org/feed.xml",
        documents: 3,
        fetchedAt: "2026-12-04T21:00:00.000Z",
        succeededAt: "2026-12-04T15:00:00.000Z",
        error: "HTTP 503 from https://news.example.org/feed.xml",
      },
    ];
    const pipeline = createPipeline(
      { services: { current: service }, catalog, logger: silentLogger(), webSources: async () => web },
      { rateLimit: { limit: 0, windowMs: 60_000 } },
    );
    let delivery = 1;
    const request = (moderator: boolean): Request => ({
      platform: "telegram",
      deliveryId: String(delivery++),
      user: { id: "42", displayName: "Ada" },
      chat: { id: "-100", private: false },
      community: { key: "telegram:-100", platform: "telegram" },
      intent: { kind: "command", command: catalog.commands.find((c) => c.kind === "sources")!, text: "" },
      isModerator: async () => moderator,
    });
    const forModerator = await pipeline.handle(request(true));
    expect(forModerator).toMatchObject({ kind: "sources", web });
    const text = renderReplyText(forModerator) ?? "";
    expect(text).toContain("https://news.example.org/feed.xml — 3 document(s), fetched 2026-12-04 21:00 UTC; failed: HTTP 503");
    expect(text).toContain("keeping the copy of 2026-12-04 15:00 UTC");
    expect(JSON.stringify(renderTelegramReply(forModerator, { botUsername: "cited_bot", chatPrivate: false }))).toContain("Web sources");
    expect(renderDiscordReply(forModerator, "Ask Cited")?.embeds?.at(-1)).toMatchObject({
      title: "Web sources",
      description: expect.stringContaining("failed: HTTP 503"),
    });
    const forOthers = await pipeline.handle(request(false));
    expect(forOthers).toMatchObject({ kind: "sources" });
    expect("web" in forOthers).toBe(false);
  });
});
