import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../src/adapters/telegram/startTelegram.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { FakeTelegramServer, type RecordedCall } from "../../fakes/fakeTelegramServer.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";

/**
 * The moderators' loop through the real grammY client against the fake Bot
 * API: 👍/👎 buttons, the knowledge-gap report, teaching an answer that is
 * then cited as the moderator's, and pins that `npm run eval -- --pins` checks.
 */

const TOKEN = "4242:loop-token";
const ADMIN = 501;
const MEMBER = 502;
const OTHER = 503;
const GROUP = -100777;

let server: FakeTelegramServer;
let adapter: RunningAdapter;
let bot: LoopBot;
let corpusDir: string;
let apiRoot: string;

beforeAll(async () => {
  // A copy of the corpus, so the pin test can edit it.
  corpusDir = await mkdtemp(join(tmpdir(), "cited-loop-corpus-"));
  await cp("corpus", corpusDir, { recursive: true });
  server = new FakeTelegramServer({ token: TOKEN });
  apiRoot = await server.listen();
  server.setMemberStatus(ADMIN, "administrator");
  bot = await startLoopBot(corpusDir);
  adapter = await startTelegram(bot.context, { token: TOKEN, apiRoot });
});

afterAll(async () => {
  await adapter?.stop();
  await bot?.close();
  await server?.close();
});

/** Sends a text and resolves with the bot's (first) reply to it. */
async function say(text: string, options: { chatId: number; userId?: number; replyTo?: Record<string, unknown> }): Promise<RecordedCall> {
  const pushed = server.pushText(text, options);
  return server.waitForCall((call) => call.method === "sendMessage" && server.replyTarget(call)?.updateId === pushed.updateId, 10_000, `a reply to ${text}`);
}

/** Sends a text and resolves with the next private message the bot sends to `userId`. */
function privately(userId: number, text: string, options: { chatId: number; replyTo?: Record<string, unknown> }): Promise<RecordedCall> {
  const start = server.calls.length;
  server.pushText(text, { ...options, userId });
  return server.waitForCall(
    (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === userId && server.calls.indexOf(call) >= start,
    10_000,
    `a private message to ${userId}`,
  );
}

/** The bot's message in a chat that carries a reply, with its buttons. */
function lastBotMessage(chatId: number) {
  const message = server.messagesIn(chatId).at(-1);
  if (!message) throw new Error(`no message in ${chatId}`);
  return message;
}

async function press(chatId: number, messageId: number, data: string, userId: number): Promise<RecordedCall> {
  const { callbackQueryId } = server.pushCallbackQuery({ chatId, messageId, data, userId });
  return server.waitForCall(
    (call) => call.method === "answerCallbackQuery" && call.payload.callback_query_id === callbackQueryId,
    10_000,
    "the callback answer",
  );
}

describe("the moderators' loop on Telegram", () => {
  it("puts 👍/👎 under every answer; a vote is recorded once per person, changeable, acknowledged privately", async () => {
    await say("What did Rubio say about Pakistan?", { chatId: MEMBER });
    const answer = lastBotMessage(MEMBER);
    const buttons = answer.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((button) => button.text)).toEqual(["👍 Helpful", "👎 Not helpful"]);
    for (const button of buttons) expect(Buffer.byteLength(button.callback_data!)).toBeLessThanOrEqual(64);
    const [up, down] = buttons.map((button) => button.callback_data!);
    const answerId = /^v:([\w-]+):u$/.exec(up!)![1]!;

    expect(String((await press(MEMBER, answer.message_id, up!, MEMBER)).payload.text)).toMatch(/helpful/i);
    await press(MEMBER, answer.message_id, up!, MEMBER);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 1, down: 0 });
    expect(String((await press(MEMBER, answer.message_id, down!, MEMBER)).payload.text)).toMatch(/not helpful.*changed/i);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 0, down: 1 });
    await press(MEMBER, answer.message_id, up!, OTHER);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 1, down: 1 });
    // The acknowledgement never goes to the chat.
    expect(server.callsOf("sendMessage").filter((call) => String(call.payload.text).includes("marked as"))).toHaveLength(0);
  });

  it("answers a vote on an unknown answer with 'no longer available'", async () => {
    await say("who is rubio", { chatId: MEMBER });
    const answer = lastBotMessage(MEMBER);
    expect(String((await press(MEMBER, answer.message_id, "v:unknownAnswer1:u", MEMBER)).payload.text)).toMatch(/no longer available/i);
  });

  it("lists a refusal as a knowledge gap in /gaps, sent to the moderator privately", async () => {
    await say("/ask who commands the ISF quartermasters?", { chatId: GROUP, userId: MEMBER });
    const report = await privately(ADMIN, "/gaps", { chatId: GROUP });
    expect(String(report.payload.text)).toMatch(/Knowledge gaps/);
    expect(String(report.payload.text)).toContain("quartermaster");
    expect(String(report.payload.text)).toContain("who commands the ISF quartermasters?");
  });

  it("keeps teaching to moderators", async () => {
    const reply = await say("/teach Nobody | they just do", { chatId: GROUP, userId: MEMBER });
    expect(String(reply.payload.text)).toMatch(/Only moderators can use \/teach/);
    expect(await bot.store.teaching.listTaught()).toHaveLength(0);
  });

  it("lets a moderator teach by replying to the question; the same question from someone else gets the taught answer, cited as the moderator's", async () => {
    const question = { chatId: GROUP, userId: MEMBER };
    const asked = server.pushText("/ask Who commands the ISF quartermasters?", question);
    const refusal = await server.waitForCall((call) => call.method === "sendMessage" && server.replyTarget(call)?.updateId === asked.updateId);
    expect(String(refusal.payload.text)).toMatch(/sources don't/i);
    const questionMessage = {
      message_id: asked.messageId,
      date: 1,
      chat: { id: GROUP, type: "supergroup", title: "g" },
      from: { id: MEMBER, is_bot: false, first_name: "M" },
      text: "Who commands the ISF quartermasters?",
    };
    const taught = await privately(ADMIN, "/teach No commander for the quartermasters has been named yet.", { chatId: GROUP, replyTo: questionMessage });
    expect(String(taught.payload.text)).toMatch(/Taught answer #1/);

    const reply = await say("who commands the ISF quartermasters", { chatId: OTHER });
    expect(String(reply.payload.text)).toContain("No commander for the quartermasters has been named yet.");
    expect(String(reply.payload.text)).toMatch(/Answer from a moderator, User 501, \d{4}-\d{2}-\d{2}/);
    expect(String(reply.payload.text)).toContain("Moderators' answers");
  });

  it("lets a moderator teach by replying to the bot's refusal, also after the bot restarts", async () => {
    const asked = server.pushText("/ask Who trains the ISF cooks?", { chatId: GROUP, userId: MEMBER });
    const refusalCall = await server.waitForCall((call) => call.method === "sendMessage" && server.replyTarget(call)?.updateId === asked.updateId);
    expect(String(refusalCall.payload.text)).toMatch(/sources don't/i);
    const refusal = lastBotMessage(GROUP);
    // A restart: a new adapter knows nothing of the messages the old one sent; the store does.
    await adapter.stop();
    adapter = await startTelegram(bot.context, { token: TOKEN, apiRoot });
    const taught = await privately(ADMIN, "/teach Nobody has been named to train them.", { chatId: GROUP, replyTo: refusal });
    expect(String(taught.payload.text)).toMatch(/Taught answer #\d+/);
    expect((await bot.store.teaching.listTaught()).map((entry) => entry.question)).toContain("Who trains the ISF cooks?");
  });

  it("refuses over-long or empty taught text with a usage message, storing nothing", async () => {
    const before = (await bot.store.teaching.listTaught()).length;
    expect(String((await privately(ADMIN, `/teach What? | ${"x".repeat(1501)}`, { chatId: GROUP })).payload.text)).toMatch(/at most 1,500/);
    expect(String((await privately(ADMIN, "/teach", { chatId: GROUP })).payload.text)).toMatch(/Usage/);
    expect(await bot.store.teaching.listTaught()).toHaveLength(before);
  });

  it("serves a pinned quote first, and `eval --pins` fails once it is edited out of the corpus", async () => {
    await say("/ask What is Pakistan's official position?", { chatId: GROUP, userId: MEMBER });
    const answer = lastBotMessage(GROUP);
    const list = await say("/pin", { chatId: GROUP, userId: ADMIN, replyTo: answer });
    const choices = [...String(list.payload.text).matchAll(/^(\d+)\. “(.+)”$/gm)].map((match) => ({ n: Number(match[1]), text: match[2]! }));
    expect(choices.length).toBeGreaterThan(1);
    const chosen = choices.at(-1)!;
    expect(String((await privately(ADMIN, `/pin ${chosen.n}`, { chatId: GROUP, replyTo: answer })).payload.text)).toMatch(/^Pinned quote/);
    const pinned = await say("what is pakistans official position", { chatId: OTHER });
    expect(String(pinned.payload.text).indexOf(chosen.text.slice(0, 40))).toBeGreaterThan(-1);
    expect(String(pinned.payload.text).indexOf(chosen.text.slice(0, 40))).toBeLessThan(String(pinned.payload.text).indexOf("</blockquote>"));

    const pins = (env: Record<string, string>) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(
          process.execPath,
          ["--import", "tsx", "src/cli/eval.ts", "--pins", "--corpus", corpusDir],
          { env: { ...process.env, ...env } },
          (error, stdout) => resolve({ code: error ? Number(error.code) : 0, out: stdout }),
        ),
      );
    expect(await pins({ STORE_URL: bot.storeUrl })).toMatchObject({ code: 0 });
    const file = join(corpusDir, "us-response-pakistan-isf.md");
    const text = await readFile(file, "utf8");
    const sentence = chosen.text.slice(0, 60);
    expect(text).toContain(sentence);
    await writeFile(file, text.replace(sentence, "Something else entirely was said here"));
    const broken = await pins({ STORE_URL: bot.storeUrl });
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN/);
  });
});
