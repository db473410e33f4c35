import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../src/adapters/telegram/startTelegram.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { FakeTelegramServer, type RecordedCall } from "../../fakes/fakeTelegramServer.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";

/**
 * Auto-answering through the real grammY client against the fake Bot API:
 * moderators turn it on per group, questions are answered as replies (in
 * their forum topic), and the bot stays out of people's way.
 */

const TOKEN = "4343:auto-token";
const ADMIN = 601;
const MEMBER = 602;
const OTHER = 603;
const QUESTION = "Is the US grateful to Pakistan?";
const CAP = 2;

let server: FakeTelegramServer;
let adapter: RunningAdapter;
let bot: LoopBot;
let nextGroup = -100900;

beforeAll(async () => {
  server = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await server.listen();
  server.setMemberStatus(ADMIN, "administrator");
  bot = await startLoopBot("corpus", { autoAnswer: { hourlyCap: CAP } });
  adapter = await startTelegram(bot.context, { token: TOKEN, apiRoot });
});

afterAll(async () => {
  await adapter?.stop();
  await bot?.close();
  await server?.close();
});

/** Resolves with the next message the bot sends to `chatId` after now. */
function nextTo(chatId: number, what: string): Promise<RecordedCall> {
  const start = server.calls.length;
  return server.waitForCall(
    (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === chatId && server.calls.indexOf(call) >= start,
    10_000,
    what,
  );
}

/** A new group where a moderator turned auto-answering on; resolves once acknowledged. */
async function enabledGroup(): Promise<number> {
  const group = nextGroup--;
  const ack = nextTo(ADMIN, "the acknowledgement");
  server.pushText("/autoanswer on threshold:0.5", { chatId: group, userId: ADMIN });
  expect(String((await ack).payload.text)).toMatch(/answer questions here on my own/);
  return group;
}

/** Every update of the chat so far has been handled (the bot answers a chat's updates in order). */
async function settled(chatId: number): Promise<void> {
  await server.marker(chatId);
}

function answerTo(chatId: number, messageId: number): RecordedCall | undefined {
  return server.repliesTo(chatId, messageId).find((call) => !String(call.payload.text).startsWith("Ask me"));
}

describe("auto-answering on Telegram", () => {
  it("is turned on by a moderator, acknowledged privately, with a private hint when the bot cannot read the group", async () => {
    const group = nextGroup--;
    const refused = server.pushText("/autoanswer on", { chatId: group, userId: MEMBER });
    await settled(group);
    expect(server.repliesTo(group, refused.messageId).map((call) => String(call.payload.text))).toEqual([expect.stringMatching(/Only moderators/)]);
    const start = server.calls.length;
    const toAdmin = (call: RecordedCall) => call.method === "sendMessage" && Number(call.payload.chat_id) === ADMIN && server.calls.indexOf(call) >= start;
    server.pushText("/autoanswer on", { chatId: group, userId: ADMIN });
    const sent = await server.waitForCalls(toAdmin, 2, 10_000, "the acknowledgement and the hint");
    expect(sent.map((call) => String(call.payload.text))).toEqual([expect.stringMatching(/on my own/), expect.stringMatching(/\/setprivacy/)]);
    // Made an admin, the bot can read the group: no hint.
    server.setMemberStatus(server.botId, "administrator");
    const again = server.calls.length;
    server.pushText("/autoanswer on", { chatId: group, userId: ADMIN });
    await server.waitForCall((call) => toAdmin(call) && server.calls.indexOf(call) >= again, 10_000, "the acknowledgement");
    await settled(group);
    expect(server.calls.filter((call) => toAdmin(call) && server.calls.indexOf(call) >= again)).toHaveLength(1);
    server.setMemberStatus(server.botId, "member");
  });

  it("answers a question as a reply with 👍/👎 and Dismiss; leaves chatter, other bots and groups where it is off alone", async () => {
    const group = await enabledGroup();
    const question = server.pushText(QUESTION, { chatId: group, userId: MEMBER });
    const chatter = server.pushText("lol that's wild", { chatId: group, userId: MEMBER });
    const fromBot = server.pushText(QUESTION, { chatId: group, userId: 777, isBot: true });
    const elsewhere = server.pushText(QUESTION, { chatId: nextGroup--, userId: MEMBER });
    await settled(group);
    await settled(elsewhere.chatId);
    const answer = answerTo(group, question.messageId);
    expect(String(answer?.payload.text)).toContain("grateful");
    const buttons = JSON.stringify(answer?.payload.reply_markup);
    expect(buttons).toContain("Helpful");
    expect(buttons).toMatch(/"x:[\w-]+"/);
    expect(answerTo(group, chatter.messageId)).toBeUndefined();
    expect(answerTo(group, fromBot.messageId)).toBeUndefined();
    expect(answerTo(elsewhere.chatId, elsewhere.messageId)).toBeUndefined();
  });

  it("takes its own name for a call, not a word of the message", async () => {
    const group = await enabledGroup();
    // "Cited" is the fake bot's first name; not known as the bot's, "cited who is …" reads as a statement.
    const named = server.pushText("cited who is asim munir", { chatId: group, userId: MEMBER });
    await settled(group);
    expect(String(answerTo(group, named.messageId)?.payload.text)).toContain("Munir");
  });

  it("answers in the question's forum topic", async () => {
    const group = await enabledGroup();
    const question = server.pushText(QUESTION, { chatId: group, userId: MEMBER, threadId: 9 });
    await settled(group);
    expect(answerTo(group, question.messageId)?.payload.message_thread_id).toBe(9);
  });

  it("never answers someone who opted out, until they opt in", async () => {
    const group = await enabledGroup();
    const ack = nextTo(OTHER, "the opt-out acknowledgement");
    server.pushText("/optout", { chatId: group, userId: OTHER });
    expect(String((await ack).payload.text)).toMatch(/won't answer your messages/);
    const ignored = server.pushText(QUESTION, { chatId: group, userId: OTHER });
    await settled(group);
    expect(answerTo(group, ignored.messageId)).toBeUndefined();
    const back = nextTo(OTHER, "the opt-in acknowledgement");
    server.pushText("/optin", { chatId: group, userId: OTHER });
    await back;
    const answered = server.pushText(QUESTION, { chatId: group, userId: OTHER });
    await settled(group);
    expect(answerTo(group, answered.messageId)).toBeDefined();
  });

  it("does not answer a question a person replied to first", async () => {
    const group = await enabledGroup();
    const question = server.pushText(QUESTION, { chatId: group, userId: MEMBER });
    server.pushText("they thanked Pakistan, yes", {
      chatId: group,
      userId: OTHER,
      replyTo: {
        message_id: question.messageId,
        chat: { id: group, type: "supergroup" },
        from: { id: MEMBER, is_bot: false, first_name: "M" },
        date: 0,
        text: QUESTION,
      },
    });
    await settled(group);
    expect(answerTo(group, question.messageId)).toBeUndefined();
  });

  it("backs off in a topic a moderator wrote in, and stops at the hourly cap", async () => {
    const group = await enabledGroup();
    server.pushText("I'll take this one", { chatId: group, userId: ADMIN, threadId: 5 });
    const inTopic = server.pushText(QUESTION, { chatId: group, userId: MEMBER, threadId: 5 });
    const answered = [1, 2, 3].map(() => server.pushText(QUESTION, { chatId: group, userId: MEMBER, threadId: 6 }));
    await settled(group);
    expect(answerTo(group, inTopic.messageId)).toBeUndefined();
    expect(answered.map((message) => answerTo(group, message.messageId) !== undefined)).toEqual([true, true, false]);
  });

  it("lets the asker dismiss the answer (deleted, counted as 👎), and refuses others", async () => {
    const group = await enabledGroup();
    const question = server.pushText(QUESTION, { chatId: group, userId: MEMBER });
    await settled(group);
    const answer = answerTo(group, question.messageId);
    const data = /"(x:[\w-]+)"/.exec(JSON.stringify(answer?.payload.reply_markup))?.[1];
    const messageId = server.messagesIn(group).find((message) => String(message.text) === String(answer?.payload.text))?.message_id;
    expect(data && messageId).toBeTruthy();
    const press = async (userId: number) => {
      const { callbackQueryId } = server.pushCallbackQuery({ chatId: group, messageId: messageId!, data: data!, userId });
      return server.waitForCall(
        (call) => call.method === "answerCallbackQuery" && call.payload.callback_query_id === callbackQueryId,
        10_000,
        "the callback answer",
      );
    };
    expect(String((await press(OTHER)).payload.text)).toMatch(/Only the person who asked/);
    expect(server.deleted.has(`${group}:${messageId}`)).toBe(false);
    expect(String((await press(MEMBER)).payload.text)).toMatch(/removed/);
    expect(server.deleted.has(`${group}:${messageId}`)).toBe(true);
    expect(await bot.store.answers.votes(data!.slice(2))).toEqual({ up: 0, down: 1 });
  });

  it("answers a reply to its answer as a follow-up, with the last question's subject", async () => {
    const group = nextGroup--;
    const asked = server.pushText("/ask Is disarming Hamas Pakistan's job?", { chatId: group, userId: MEMBER });
    await settled(group);
    const first = server.messagesIn(group).find((message) => (message.reply_to_message as { message_id?: number } | undefined)?.message_id === asked.messageId);
    expect(first).toBeDefined();
    const followUp = server.pushText("what about the US?", { chatId: group, userId: MEMBER, replyTo: first! });
    await settled(group);
    expect(String(answerTo(group, followUp.messageId)?.payload.text)).toMatch(/Andrabi|weighing its options/);
  });

  it("keeps a question it is unsure of as waiting; a moderator's reply to it is offered privately, and one click teaches it as theirs", async () => {
    const group = nextGroup--;
    const ack = nextTo(ADMIN, "the acknowledgement");
    server.pushText("/autoanswer on threshold:0.99", { chatId: group, userId: ADMIN });
    await ack;
    const asked = "who pays the soldiers salaries in the stabilisation force";
    const question = server.pushText(asked, { chatId: group, userId: MEMBER });
    await settled(group);
    expect(answerTo(group, question.messageId)).toBeUndefined();

    const prompt = nextTo(ADMIN, "the suggestion, privately");
    const taughtAnswer = "Each country that sends troops pays its own soldiers, as with other UN-backed forces.";
    server.pushText(taughtAnswer, {
      chatId: group,
      userId: ADMIN,
      replyTo: {
        message_id: question.messageId,
        chat: { id: group, type: "supergroup" },
        from: { id: MEMBER, is_bot: false, first_name: "M" },
        date: 0,
        text: asked,
      },
    });
    const offered = await prompt;
    expect(String(offered.payload.text)).toContain(`Teach this as the answer to “${asked}”?`);
    const data = /"(s:\d+:t)"/.exec(JSON.stringify(offered.payload.reply_markup))?.[1];
    expect(data).toBeDefined();
    // Nothing reached the group: the offer is the moderator's alone.
    expect(
      server.calls.filter((call) => call.method === "sendMessage" && Number(call.payload.chat_id) === group && String(call.payload.text).includes("Teach")),
    ).toEqual([]);

    const messageId = server.messagesIn(ADMIN).find((message) => String(message.text).startsWith("Teach this"))?.message_id;
    const press = () => {
      const { callbackQueryId } = server.pushCallbackQuery({ chatId: ADMIN, messageId: messageId!, data: data!, userId: ADMIN });
      return server.waitForCall(
        (call) => call.method === "answerCallbackQuery" && call.payload.callback_query_id === callbackQueryId,
        10_000,
        "the callback answer",
      );
    };
    expect(String((await press()).payload.text)).toMatch(/^Taught as .*'s answer/);
    expect(String((await press()).payload.text)).toMatch(/Already decided/);

    // The same question, asked again, is answered with what the moderator taught, cited as theirs.
    const again = nextTo(group, "the answer");
    server.pushText(`/ask ${asked}`, { chatId: group, userId: OTHER });
    const answer = String((await again).payload.text);
    expect(answer).toContain("Each country that sends troops pays its own soldiers");
    expect(answer).toMatch(/Answer from a moderator/);
  });
});
