import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import { buildCorpus } from "../../src/corpus/loadCorpus.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import type { Intent, Reply, Request } from "../../src/pipeline/types.js";
import { renderDiscordReply } from "../../src/render/discord.js";
import { packMessages, renderTelegramReply } from "../../src/render/telegram.js";
import { renderReplyText } from "../../src/render/text.js";

/** A date `days` before today, `YYYY-MM-DD`: /whatsnew's window is counted from now. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const dated = (name: string, published: string, title: string, body: string) => ({
  name,
  text: `---\ntitle: ${title}\npublished: ${published}\n---\n\n${body}\n`,
});

/** One story told over months, and an unrelated page: the timeline follows the story, /whatsnew the recent pages. */
const documents = [
  dated("late.md", daysAgo(2), "Bridge reopens", "The Mill Lane bridge reopened to traffic on Monday after the new steel span passed its load tests."),
  dated("early.md", daysAgo(90), "Bridge cracks", "Inspectors found a cracked pier under the Mill Lane bridge and the county council closed it to traffic."),
  dated("middle.md", daysAgo(40), "Bridge decision", "The county council voted to replace the Mill Lane bridge with a steel span by the end of the year."),
  dated("library.md", daysAgo(5), "Library hours", "The central library opens on Sundays from January, the council said."),
];

async function setUp() {
  const service = new AnswerService(buildCorpus(documents));
  const catalog = await loadCatalog("commands");
  const pipeline = createPipeline({ services: { current: service }, catalog, logger: silentLogger() }, { rateLimit: { limit: 0, windowMs: 60_000 } });
  let delivery = 1;
  const request = (name: string, text: string, moderator = false, options?: Record<string, string>): Request => {
    const intent: Intent = { kind: "command", command: catalog.find(name)!, text, ...(options ? { options } : {}) };
    return {
      platform: "telegram",
      deliveryId: String(delivery++),
      user: { id: "42", displayName: "Ada" },
      chat: { id: "-100", private: false },
      community: { key: "telegram:-100", platform: "telegram" },
      intent,
      isModerator: async () => moderator,
    };
  };
  return { pipeline, request, catalog };
}

const telegram = (reply: Reply) => renderTelegramReply(reply, { botUsername: "cited_bot", chatPrivate: false });

describe("/timeline", () => {
  it("gives the dated key sentences about a topic, oldest first, each cited, on every platform", async () => {
    const { pipeline, request } = await setUp();
    const reply = await pipeline.handle(request("timeline", "Mill Lane bridge"));
    if (reply.kind !== "timeline") throw new Error(`expected a timeline, got ${reply.kind}`);
    expect(reply.visibility).toBe("public");
    expect(reply.timeline.entries.map((entry) => entry.documentId)).toEqual(["early.md", "middle.md", "late.md"]);

    const text = renderReplyText(reply) ?? "";
    expect(text).toContain("Timeline: Mill Lane bridge");
    expect(text.indexOf("cracked pier")).toBeLessThan(text.indexOf("voted to replace"));
    expect(text.indexOf("voted to replace")).toBeLessThan(text.indexOf("reopened"));
    expect(text).toContain("— Bridge cracks");

    const discord = renderDiscordReply(reply, "Ask Cited");
    expect(discord?.ephemeral).toBe(false);
    expect(discord?.embeds).toHaveLength(1);
    expect(discord?.embeds?.[0]?.title).toBe("Timeline: Mill Lane bridge");
    expect(discord?.embeds?.[0]?.description).toMatch(/cracked pier[\s\S]*\*Bridge cracks\*[\s\S]*voted to replace[\s\S]*reopened/);

    const sent = telegram(reply);
    expect(sent?.messages).toHaveLength(1);
    expect(sent?.messages[0]).toMatch(/<b>Timeline: Mill Lane bridge<\/b>[\s\S]*<blockquote>Inspectors found a cracked pier/);
  });

  it("takes the topic from Discord's option, asks for one when none is given, and says when nothing matches", async () => {
    const { pipeline, request } = await setUp();
    expect(await pipeline.handle(request("timeline", "", false, { topic: "Mill Lane bridge" }))).toMatchObject({ kind: "timeline" });
    expect(await pipeline.handle(request("timeline", "  "))).toMatchObject({ kind: "notice", notice: { identifier: "usage" } });
    const none = await pipeline.handle(request("timeline", "volcano eruption"));
    expect(none).toMatchObject({ kind: "timeline", timeline: { entries: [] } });
    expect(renderReplyText(none)).toContain("Nothing in the sources speaks of “volcano eruption”");
    expect(telegram(none)?.messages[0]).toContain("Nothing in the sources speaks of");
  });

  it("splits a long timeline on Telegram between entries, never inside one", () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `<b>${i}</b><blockquote>${"word ".repeat(100)}</blockquote>`);
    const messages = packMessages(blocks);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.match(/<blockquote>/g)?.length).toBe(message.match(/<\/blockquote>/g)?.length);
  });
});

describe("/whatsnew and /post-whatsnew", () => {
  it("gives the key sentences of documents dated within the window, newest first, privately by default (7 days)", async () => {
    const { pipeline, request } = await setUp();
    const reply = await pipeline.handle(request("whatsnew", ""));
    if (reply.kind !== "whatsnew") throw new Error(`expected what's new, got ${reply.kind}`);
    expect(reply.visibility).toBe("private");
    expect(reply.whatsNew.days).toBe(7);
    expect(reply.whatsNew.entries.map((entry) => entry.documentId)).toEqual(["late.md", "library.md"]);
    expect(renderReplyText(reply)).toContain("What's new, last 7 day(s)");
    expect(renderDiscordReply(reply, "Ask Cited")).toMatchObject({ ephemeral: true, embeds: [{ title: "What's new, last 7 day(s)" }] });
    expect(telegram(reply)).toMatchObject({ private: true });

    const wider = await pipeline.handle(request("whatsnew", "60"));
    expect(wider).toMatchObject({ kind: "whatsnew", whatsNew: { days: 60 } });
    if (wider.kind === "whatsnew") expect(wider.whatsNew.entries.map((entry) => entry.documentId)).toEqual(["late.md", "library.md", "middle.md"]);
    const none = await pipeline.handle(request("whatsnew", "1"));
    expect(renderReplyText(none)).toMatch(/^No document dated since .*last 1 day\(s\)/);
  });

  it("posts publicly for moderators only", async () => {
    const { pipeline, request } = await setUp();
    expect(await pipeline.handle(request("post-whatsnew", ""))).toMatchObject({ kind: "notice", notice: { identifier: "moderators-only" } });
    const posted = await pipeline.handle(request("post_whatsnew", "", true));
    expect(posted).toMatchObject({ kind: "whatsnew", visibility: "public" });
    expect(renderDiscordReply(posted, "Ask Cited")?.ephemeral).toBe(false);
    expect(telegram(posted)).toMatchObject({ private: false });
  });
});
