import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../src/commands/types.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import type { Request } from "../../src/pipeline/types.js";
import { renderDiscordReply } from "../../src/render/discord.js";
import { renderTelegramReply } from "../../src/render/telegram.js";
import type { SessionGrant } from "../../src/store/index.js";
import { sqliteStore } from "../fakes/sqliteStore.js";

let service: AnswerService;
let catalog: CommandCatalog;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
});

/** A pipeline whose link maker records whom each link was for. */
async function pipelineWithLinks() {
  const grants: SessionGrant[] = [];
  const pipeline = createPipeline(
    {
      services: { current: service },
      catalog,
      logger: silentLogger(),
      store: await sqliteStore(),
      loginLinks: async (grant) => {
        grants.push(grant);
        return { url: `https://bot.example/admin/login?token=${"t".repeat(43)}`, expiresAt: new Date(Date.now() + 600_000) };
      },
    },
    { rateLimit: { limit: 0, windowMs: 60_000, burst: 0 } },
  );
  return { pipeline, grants };
}

function adminRequest(overrides: Partial<Request> & { moderator: boolean }): Request {
  const { moderator, ...rest } = overrides;
  return {
    platform: "discord",
    user: { id: "42", displayName: "Ada" },
    chat: { id: "c1", private: false },
    community: { key: "discord:100000000000000001", platform: "discord" },
    intent: { kind: "command", command: catalog.ofKind("admin")!, text: "" },
    isModerator: async () => moderator,
    ...rest,
  };
}

describe("/admin", () => {
  it("gives a Discord moderator a link for their server, shown to them alone and without a preview", async () => {
    const { pipeline, grants } = await pipelineWithLinks();
    const reply = await pipeline.handle(adminRequest({ moderator: true }));
    expect(reply).toMatchObject({ kind: "admin-link", url: expect.stringContaining("/admin/login?token=") });
    expect(grants).toEqual([{ platform: "discord", userHash: expect.any(String), displayName: "Ada", communityKey: "discord:100000000000000001" }]);
    const message = renderDiscordReply(reply, "Ask Cited");
    expect(message?.ephemeral).toBe(true);
    expect(message?.content).toContain("<https://bot.example/admin/login?token=");
    expect(message?.content).toContain("10 minutes");
  });

  it("refuses anyone else, and makes no link", async () => {
    const { pipeline, grants } = await pipelineWithLinks();
    expect(await pipeline.handle(adminRequest({ moderator: false }))).toMatchObject({ kind: "notice", notice: { identifier: "moderators-only" } });
    expect(grants).toEqual([]);
  });

  it("sends a Telegram group's admin the link privately, never to the group", async () => {
    const { pipeline, grants } = await pipelineWithLinks();
    const reply = await pipeline.handle(
      adminRequest({
        platform: "telegram",
        chat: { id: "-100777", private: false },
        community: { key: "telegram:-100777", platform: "telegram", name: "Harbour" },
        moderator: true,
      }),
    );
    expect(grants[0]).toMatchObject({ platform: "telegram", communityKey: "telegram:-100777", communityName: "Harbour" });
    const message = renderTelegramReply(reply, { chatPrivate: false, botUsername: "cited_bot" });
    expect(message?.private).toBe(true);
    expect(message?.messages.join("")).toContain("/admin/login?token=");
    expect(message?.fallback?.join("")).not.toContain("token=");
    expect(message?.fallback?.join("")).toContain("https://t.me/cited_bot");
  });

  it("asks for a community when there is none to moderate (a direct message)", async () => {
    const { pipeline } = await pipelineWithLinks();
    const reply = await pipeline.handle(
      adminRequest({ chat: { id: "dm", private: true }, community: { key: "discord:dm", platform: "discord" }, moderator: false }),
    );
    expect(reply).toMatchObject({ kind: "notice", notice: { identifier: "admin-no-community" } });
  });
});
