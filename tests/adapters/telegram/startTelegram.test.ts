import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { startTelegram } from "../../../src/adapters/telegram/startTelegram.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import { TELEGRAM_NAME } from "../../../src/commands/platformRules.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { adapterContext } from "../../fakes/adapterContext.js";
import { escapeHtml } from "../../../src/render/html.js";
import { checkTelegramHtml } from "../../fakes/checkTelegramHtml.js";
import { FakeTelegramServer, type RecordedCall } from "../../fakes/fakeTelegramServer.js";

const TOKEN = "123456:TEST-token_value";
const USER = { id: 77, is_bot: false, first_name: "Ada" };
const ADMIN = { id: 78, is_bot: false, first_name: "Mod" };
const PRIVATE = { id: 77, type: "private", first_name: "Ada" };
const GROUP = { id: -1001, type: "supergroup", title: "Readers" };

let server: FakeTelegramServer;
let adapter: RunningAdapter;
let service: AnswerService;
let catalog: CommandCatalog;
// Far from the ids the fake gives the messages it pushes itself (markers), so replies are never confused.
let messageId = 100_000;

function message(text: string, options: { chat?: { id: number }; from?: object; reply?: object } = {}) {
  const command = /^\/\S+/.exec(text);
  return {
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: options.chat ?? PRIVATE,
      from: options.from ?? USER,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...(options.reply ? { reply_to_message: options.reply } : {}),
    },
  };
}

/** A group message mentioning `@username` at its start, with the entity Telegram sends. */
function mention(text: string, username = text.split(" ")[0]!) {
  const update = message(text, { chat: GROUP });
  return { message: { ...update.message, entities: [{ type: "mention", offset: 0, length: username.length }] } };
}

/** Whether a call is a successful reply to the message `id` in `chatId`. */
const replyTo = (chatId: number, id: number) => (call: RecordedCall) =>
  call.method === "sendMessage" &&
  call.ok &&
  Number(call.payload.chat_id) === chatId &&
  (call.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id;

/**
 * Sends an update and returns the bot's replies (successful sendMessage
 * calls) to it, counted once a marker pushed after it in the same chat is
 * answered: the bot handles a chat's updates in order, so a duplicate reply
 * would have been sent by then.
 */
async function exchange(update: { message: { message_id: number; text?: string; chat: { id: number } } }, expected = 1): Promise<RecordedCall[]> {
  const { message_id: id, chat } = update.message;
  server.push(update);
  await server.waitForCalls(replyTo(chat.id, id), expected, 5000, `reply to ${(update.message.text ?? "a message").slice(0, 30)}`);
  await server.marker(chat.id);
  return server.calls.filter(replyTo(chat.id, id));
}

function textOf(call: RecordedCall): string {
  return String(call.payload.text);
}

beforeAll(async () => {
  server = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await server.listen();
  server.setMemberStatus(ADMIN.id, "administrator");
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
  // A 5xx is retried at once: the wait itself is not what these tests check.
  adapter = await startTelegram(adapterContext(service, catalog), { token: TOKEN, apiRoot }, { serverErrorBackoff: () => 0 });
});

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
});

describe("startTelegram against a fake Bot API", () => {
  it("publishes the catalog with Telegram names", () => {
    const [everyone, admins] = server.callsOf("setMyCommands");
    expect(admins?.payload.scope).toEqual({ type: "all_chat_administrators" });
    const commands = admins?.payload.commands as Array<{ command: string; description: string }>;
    expect(commands.map((c) => c.command)).toEqual(catalog.commands.map((c) => c.telegramName));
    const menu = (everyone?.payload.commands as Array<{ command: string }>).map((c) => c.command);
    expect(menu).toContain("isf");
    expect(menu).not.toContain("teach");
    expect(menu).not.toContain("post_summary");
    expect(commands.map((c) => c.command)).toContain("pakistan_position");
    for (const command of commands) {
      expect(command.command).toMatch(TELEGRAM_NAME);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(256);
    }
  });

  it("answers a topic command with quoted, cited HTML", async () => {
    const [reply, ...more] = await exchange(message("/isf"));
    expect(more).toHaveLength(0);
    const text = textOf(reply!);
    expect(reply!.payload.parse_mode).toBe("HTML");
    expect(checkTelegramHtml(text)).toEqual([]);
    expect(text).toContain("<blockquote>");
    const isf = catalog.find("isf")!;
    expect(text).toContain(escapeHtml(service.topic(isf).snippets[0]!.section));
  });

  it("accepts /command@botname in a group", async () => {
    const replies = await exchange(message("/pakistan_position@cited_test_bot", { chat: GROUP }));
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0]!)).toContain("<blockquote>");
  });

  it("answers a plain question in a private chat with the service's answer", async () => {
    const question = "Did China vote for the UN resolution?";
    const [reply] = await exchange(message(question));
    const expected = service.ask(question).snippets[0]!;
    expect(textOf(reply!)).toContain(escapeHtml(expected.text.slice(0, 40)));
    expect(textOf(reply!)).toContain(escapeHtml(expected.section));
  });

  it("asks about the replied-to message with /ask", async () => {
    const replied = { message_id: 9999, date: 1, chat: GROUP, from: USER, text: "Is there a ceasefire in Gaza?" };
    const [reply] = await exchange(message("/ask", { chat: GROUP, reply: replied }));
    const expected = service.ask(replied.text).snippets[0]!;
    expect(textOf(reply!)).toContain(escapeHtml(expected.section));
  });

  it("gives usage for an empty /ask", async () => {
    const [reply] = await exchange(message("/ask"));
    expect(textOf(reply!)).toMatch(/usage/i);
    expect(checkTelegramHtml(textOf(reply!))).toEqual([]);
  });

  it("ignores plain chatter in groups", async () => {
    server.push(message("just chatting about lunch", { chat: GROUP }));
    const replies = await exchange(message("/help", { chat: GROUP }));
    expect(replies).toHaveLength(1);
    expect(server.callsOf("sendMessage").some((call) => textOf(call).includes("lunch"))).toBe(false);
    expect(textOf(replies[0]!)).toContain("/pakistan_position");
    expect(textOf(replies[0]!)).not.toContain("/pakistan-position");
  });

  it("lets only group admins post a summary, and anyone get one privately", async () => {
    const [refusal] = await exchange(message("/post_summary", { chat: GROUP, from: USER }));
    expect(textOf(refusal!)).toMatch(/admins/i);
    expect(textOf(refusal!)).toContain("https://t.me/cited_test_bot?start=summary");
    expect(server.callsOf("getChatMember").length).toBeGreaterThan(0);

    const [posted] = await exchange(message("/post_summary", { chat: GROUP, from: ADMIN }));
    expect(textOf(posted!)).toContain("Summary");
    expect(checkTelegramHtml(textOf(posted!))).toEqual([]);

    const [own] = await exchange(message("/summary"));
    expect(textOf(own!)).toContain("Summary");
  });

  it("answers inline queries with cited articles", async () => {
    server.push({ inline_query: { id: "iq1", from: USER, query: "who is rubio", offset: "" } });
    const call = await server.waitForCall((c) => c.method === "answerInlineQuery" && c.payload.inline_query_id === "iq1", 5000, "inline answer");
    const results = call.payload.results as Array<{ id: string; title: string; input_message_content: { message_text: string; parse_mode: string } }>;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(Buffer.byteLength(result.id)).toBeLessThanOrEqual(64);
      expect(result.input_message_content.parse_mode).toBe("HTML");
      expect(checkTelegramHtml(result.input_message_content.message_text)).toEqual([]);
    }
  });

  describe.each([
    ["markup and entities", "<b>bold</b> & <script>alert(1)</script> *md* _x_ [link](http://x) &amp; &#60;"],
    ["mass mentions", "@everyone @here what about the ISF?"],
    ["zero-width and RTL", "\u200Bwho\u200D is \u202Erubio\u202C مرحبا שלום"],
    ["10,000 characters", "why ".repeat(2500)],
    ["emoji only", "🤔🤔🤔"],
    ["only invisible characters", "\u200B\u200D\u2060\uFEFF"],
  ])("hostile input: %s", (_name, text) => {
    const check = (replies: RecordedCall[]) => {
      expect(replies).toHaveLength(1);
      expect(checkTelegramHtml(textOf(replies[0]!))).toEqual([]);
      expect(textOf(replies[0]!)).not.toContain("<script>");
      expect(textOf(replies[0]!)).not.toContain("<b>bold");
    };
    it("as a private message: exactly one reply, valid HTML", async () => check(await exchange(message(text))));
    it("as /ask@bot in a group: exactly one reply, valid HTML", async () => check(await exchange(message(`/ask@cited_test_bot ${text}`, { chat: GROUP }))));
    it("as a group mention: exactly one reply, valid HTML", async () => check(await exchange(mention(`@cited_test_bot ${text}`))));
    it("as an inline query: valid results", async () => {
      const id = `iq-${messageId++}`;
      server.push({ inline_query: { id, from: USER, query: text.slice(0, 256), offset: "" } });
      const call = await server.waitForCall((c) => c.method === "answerInlineQuery" && c.payload.inline_query_id === id, 5000, "inline answer");
      const results = call.payload.results as Array<{ input_message_content: { message_text: string } }>;
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) expect(checkTelegramHtml(result.input_message_content.message_text)).toEqual([]);
    });
  });

  it("answers a question that mentions the bot in a group, without the mention", async () => {
    const question = "Did China vote for the UN resolution?";
    const [reply, ...more] = await exchange(mention(`@cited_test_bot ${question}`));
    expect(more).toHaveLength(0);
    expect(textOf(reply!)).toContain(escapeHtml(service.ask(question).snippets[0]!.section));
    const [hint] = await exchange(mention("@Cited_Test_Bot"));
    expect(textOf(hint!)).toContain("@cited_test_bot");
  });

  it("ignores mentions of other users and commands for other bots in a group", async () => {
    const ignored = [
      mention("@someone_else what is the ISF?", "@someone_else"),
      message("/isf@other_bot", { chat: GROUP }),
      message("/nonsense@other_bot", { chat: GROUP }),
    ];
    for (const update of ignored) server.push(update);
    // Updates are handled in order, so once this one is answered the others have been seen.
    const marker = await exchange(message("/sources", { chat: GROUP }));
    expect(marker).toHaveLength(1);
    const ids = new Set(ignored.map((update) => update.message.message_id));
    const answered = server
      .callsOf("sendMessage")
      .filter((call) => ids.has(Number((call.payload.reply_parameters as { message_id?: number } | undefined)?.message_id)));
    expect(answered).toHaveLength(0);
  });

  it("answers an unknown command addressed to it, once", async () => {
    const [reply] = await exchange(message("/nonsense@cited_test_bot", { chat: GROUP }));
    expect(textOf(reply!)).toMatch(/unknown command \/nonsense/i);
    const [own] = await exchange(message("/what<b>"));
    expect(checkTelegramHtml(textOf(own!))).toEqual([]);
  });

  it("replies to a sticker in a private chat with a hint, once", async () => {
    const update = {
      message: {
        message_id: messageId++,
        date: 1,
        chat: PRIVATE,
        from: USER,
        sticker: { file_id: "x", file_unique_id: "y", type: "regular", width: 1, height: 1, is_animated: false, is_video: false },
      },
    };
    const [reply, ...more] = await exchange(update);
    expect(more).toHaveLength(0);
    expect(textOf(reply!)).toMatch(/text/);
  });

  it("keeps the private /summary out of groups, pointing to a private chat that keeps the section", async () => {
    const section = service.sources()[0]!.sections[1]!;
    const before = server.callsOf("getChatMember").length;
    const [reply] = await exchange(message(`/summary ${section.heading}`, { chat: GROUP, from: ADMIN }));
    expect(textOf(reply!)).toContain(`https://t.me/cited_test_bot?start=summary-${section.slug}`);
    expect(textOf(reply!)).toContain("/post_summary");
    expect(textOf(reply!)).not.toContain("Summary:");
    expect(server.callsOf("getChatMember").length).toBe(before);
    expect(checkTelegramHtml(textOf(reply!))).toEqual([]);

    // The deep link opens a private chat with "/start summary-<slug>".
    const [summary] = await exchange(message(`/start summary-${section.slug}`));
    expect(textOf(summary!)).toContain(`Summary: ${escapeHtml(section.heading)}`);
  });

  it("lets an anonymous admin (posting as the group) post a summary", async () => {
    const anonymous = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
    const update = message("/post_summary", { chat: GROUP, from: anonymous });
    const [posted] = await exchange({ message: { ...update.message, sender_chat: GROUP } } as typeof update);
    expect(textOf(posted!)).toContain("Summary");
  });

  it("survives a failing update: one apology, and the next update is answered", async () => {
    server.fail("getChatMember", 400, "Bad Request: member list is inaccessible");
    const [apology, ...more] = await exchange(message("/post_summary", { chat: GROUP, from: USER }));
    expect(more).toHaveLength(0);
    expect(textOf(apology!)).toMatch(/something went wrong/i);
    const [next] = await exchange(message("/isf"));
    expect(textOf(next!)).toContain("<blockquote>");
  });

  it("retries after a 429 and still replies exactly once", async () => {
    server.rateLimitOnce("sendMessage", 1);
    const update = message("/outlook");
    const replies = await exchange(update);
    expect(replies).toHaveLength(1);
    const attempts = server.calls.filter(
      (call) => call.method === "sendMessage" && (call.payload.reply_parameters as { message_id?: number }).message_id === update.message.message_id,
    );
    expect(attempts.map((call) => call.ok)).toEqual([false, true]);
  });

  it("retries after a 5xx and still replies exactly once", async () => {
    server.fail("sendMessage", 502, "Bad Gateway");
    const update = message("/munir");
    const replies = await exchange(update);
    expect(replies).toHaveLength(1);
    const attempts = server.calls.filter(
      (call) => call.method === "sendMessage" && (call.payload.reply_parameters as { message_id?: number }).message_id === update.message.message_id,
    );
    expect(attempts.map((call) => call.ok)).toEqual([false, true]);
  });
});

describe("startTelegram with output over 4,096 characters", () => {
  it("splits /sources into several messages, each within the limit and valid HTML, nothing lost", async () => {
    const corpus = await mkdtemp(join(tmpdir(), "cited-many-docs-"));
    for (let i = 0; i < 60; i++) {
      const title = `Report ${i} on <water> & "drought" measures in the region, with a deliberately long title to fill messages`;
      await writeFile(
        join(corpus, `doc-${i}.md`),
        `---\ntitle: '${title}'\nsource: https://example.org/reports/${i}?a=1&b=2\npublished: 2025-01-${String((i % 28) + 1).padStart(2, "0")}\n---\n\nThe reservoir ${i} was low in the summer.\n`,
      );
    }
    const many = await AnswerService.load(corpus);
    const fake = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await fake.listen();
    const bot = await startTelegram(adapterContext(many, catalog), { token: TOKEN, apiRoot });
    try {
      const id = messageId++;
      fake.push({
        message: { message_id: id, date: 1, chat: PRIVATE, from: USER, text: "/sources", entities: [{ type: "bot_command", offset: 0, length: 8 }] },
      });
      await fake.waitForCall((call) => replyTo(PRIVATE.id, id)(call) && textOf(call).includes("Report 59 on"), 5000, "split replies");
      // Once the next update of the chat is answered, every part has been sent.
      await fake.marker(PRIVATE.id);
      const texts = fake.calls.filter(replyTo(PRIVATE.id, id)).map(textOf);
      expect(texts.length).toBeGreaterThan(1);
      for (const text of texts) expect(checkTelegramHtml(text)).toEqual([]);
      for (let i = 0; i < 60; i++) expect(texts.filter((text) => text.includes(`Report ${i} on`))).toHaveLength(1);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});

describe("startTelegram failures", () => {
  it("gives up on an unresponsive Bot API at the timeout and stops retrying getMe", async () => {
    const failing = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await failing.listen();
    failing.fail("getMe", 500, "Internal Server Error", Infinity);
    const waits: number[] = [];
    try {
      // The retry after the first 500 would come a minute later: start-up must fail at
      // its timeout, and only once that retry is cancelled (startTelegram waits for it).
      const attempt = startTelegram(
        adapterContext(service, catalog),
        { token: TOKEN, apiRoot },
        { loginTimeoutMs: 300, serverErrorBackoff: (n) => (waits.push(n), 60_000) },
      );
      await expect(attempt).rejects.toThrow(/in time/);
      expect(waits).toEqual([1]);
      expect(failing.callsOf("getMe")).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });

  it("rejects when the token is refused, without leaking it", async () => {
    const other = new FakeTelegramServer({ token: "999:other" });
    const apiRoot = await other.listen();
    try {
      const attempt = startTelegram(adapterContext(service, catalog), { token: TOKEN, apiRoot });
      await expect(attempt).rejects.toThrow();
      await attempt.catch((error: Error) => expect(String(error.message)).not.toContain("TEST-token_value"));
    } finally {
      await other.close();
    }
  });
});
