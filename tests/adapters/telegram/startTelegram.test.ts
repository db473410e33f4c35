import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { startTelegram } from "../../../src/adapters/telegram/startTelegram.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import { TELEGRAM_NAME } from "../../../src/commands/platformRules.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { silentLogger } from "../../../src/logger.js";
import { escapeHtml } from "../../../src/render/html.js";
import { checkTelegramHtml } from "../../fakes/checkTelegramHtml.js";
import { FakeTelegramServer, type RecordedCall } from "../../fakes/fakeTelegramServer.js";
import { waitFor } from "../../fakes/waitFor.js";

const TOKEN = "123456:TEST-token_value";
const USER = { id: 77, is_bot: false, first_name: "Ada" };
const ADMIN = { id: 78, is_bot: false, first_name: "Mod" };
const PRIVATE = { id: 77, type: "private", first_name: "Ada" };
const GROUP = { id: -1001, type: "supergroup", title: "Readers" };

let server: FakeTelegramServer;
let adapter: RunningAdapter;
let service: AnswerService;
let catalog: CommandCatalog;
let messageId = 1;

function message(text: string, options: { chat?: object; from?: object; reply?: object } = {}) {
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

/** Sends an update and returns the bot's replies (successful sendMessage calls) to it. */
async function exchange(update: ReturnType<typeof message>, expected = 1): Promise<RecordedCall[]> {
  const id = update.message.message_id;
  server.push(update);
  const replies = () =>
    server.calls.filter((call) => call.method === "sendMessage" && call.ok && (call.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id);
  await waitFor(() => replies().length >= expected || undefined, 5000, `reply to ${update.message.text.slice(0, 30)}`);
  // Give a duplicate reply the chance to show up before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return replies();
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
  adapter = await startTelegram({ service, catalog, logger: silentLogger() }, { token: TOKEN, apiRoot });
});

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
});

describe("startTelegram against a fake Bot API", () => {
  it("publishes the catalog with Telegram names", () => {
    const [call] = server.callsOf("setMyCommands");
    const commands = call?.payload.commands as Array<{ command: string; description: string }>;
    expect(commands.map((c) => c.command)).toEqual(catalog.commands.map((c) => c.telegramName));
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
    const call = await waitFor(() => server.callsOf("answerInlineQuery").find((c) => c.payload.inline_query_id === "iq1"), 5000, "inline answer");
    const results = call.payload.results as Array<{ id: string; title: string; input_message_content: { message_text: string; parse_mode: string } }>;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(Buffer.byteLength(result.id)).toBeLessThanOrEqual(64);
      expect(result.input_message_content.parse_mode).toBe("HTML");
      expect(checkTelegramHtml(result.input_message_content.message_text)).toEqual([]);
    }
  });

  it.each([
    ["markup and entities", "<b>bold</b> & <script>alert(1)</script> *md* _x_ [link](http://x)"],
    ["mass mentions", "@everyone @here what about the ISF?"],
    ["zero-width and RTL", "\u200Bwho\u200D is \u202Erubio\u202C مرحبا שלום"],
    ["10,000 characters", "why ".repeat(2500)],
    ["emoji only", "🤔🤔🤔"],
  ])("replies exactly once, with valid HTML, to %s", async (_name, text) => {
    const replies = await exchange(message(text));
    expect(replies).toHaveLength(1);
    expect(checkTelegramHtml(textOf(replies[0]!))).toEqual([]);
    expect(textOf(replies[0]!)).not.toContain("<script>");
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
});

describe("startTelegram failures", () => {
  it("rejects when the token is refused, without leaking it", async () => {
    const other = new FakeTelegramServer({ token: "999:other" });
    const apiRoot = await other.listen();
    try {
      const attempt = startTelegram({ service, catalog, logger: silentLogger() }, { token: TOKEN, apiRoot });
      await expect(attempt).rejects.toThrow();
      await attempt.catch((error: Error) => expect(String(error.message)).not.toContain("TEST-token_value"));
    } finally {
      await other.close();
    }
  });
});
