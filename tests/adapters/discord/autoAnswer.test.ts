import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/adapters/discord/startDiscord.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import type { Request } from "../../../src/pipeline/types.js";
import { captureLog } from "../../fakes/captureLog.js";
import { botMessage, chatInputInteraction, componentInteraction, GUILD_ID, type InteractionContext } from "../../fakes/discordInteractions.js";
import { APPLICATION_ID, FakeDiscordServer } from "../../fakes/fakeDiscordServer.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";
import { waitForEvent } from "../../fakes/waitForEvent.js";

/**
 * Auto-answering through the real discord.js client against the fake
 * Discord: MESSAGE_CREATE with its content, answers in a thread started from
 * the question, forum posts answered inside (through the 40058 race),
 * Dismiss, and a missing Message Content intent.
 */

const TOKEN = "fake.discord.auto-token";
const QUESTION = "Is the US grateful to Pakistan?";
const MODERATOR: InteractionContext = { user: { id: "555000000000000001", username: "Grace" }, permissions: "8192" };
const ASKER = "555000000000000002";
const TEXT = "333333333333333301";
const QUIET = "333333333333333302";
const FORUM = "333333333333333303";
const LEARN = "333333333333333304";
/** Roles the operator named: moderators (DISCORD_MODERATOR_ROLES) and trusted members (DISCORD_TRUSTED_ROLES). */
const MOD_ROLE = "666000000000000001";
const TRUSTED_ROLE = "666000000000000002";

let server: FakeDiscordServer;
let adapter: RunningAdapter;
let bot: LoopBot;
const settled = new EventEmitter();
const settledIds: string[] = [];

beforeAll(async () => {
  server = new FakeDiscordServer(TOKEN);
  const apiRoot = await server.listen();
  for (const [id, type] of [
    [TEXT, 0],
    [QUIET, 0],
    [FORUM, 15],
    [LEARN, 0],
  ] as const)
    server.addChannel({ id, type, guild_id: GUILD_ID, name: id });
  bot = await startLoopBot();
  // Every message the pipeline decided on is settled: the signal a test waits for, silent or not.
  const { pipeline } = bot.context;
  const settle = pipeline.settle.bind(pipeline);
  pipeline.settle = async (request: Request) => {
    await settle(request);
    settledIds.push(String(request.deliveryId));
    settled.emit("settled", String(request.deliveryId));
  };
  adapter = await startDiscord(
    bot.context,
    { token: TOKEN, clientId: APPLICATION_ID, apiRoot },
    { channelMessages: { forumRetryMs: 20 }, roles: [MOD_ROLE], trustedRoles: [TRUSTED_ROLE] },
  );
  for (const [channelId, threshold] of [
    [TEXT, 0.5],
    [FORUM, 0.5],
    [LEARN, 0.99],
  ] as const) {
    const interaction = chatInputInteraction("autoanswer", { mode: "on", threshold }, { ...MODERATOR, channelId });
    server.dispatch(interaction);
    const reply = (await server.replyTo(String(interaction.id), 10_000)) as { data?: { content?: string; flags?: number } };
    expect(reply.data?.content).toMatch(/on my own/);
    expect(reply.data?.flags).toBe(64);
  }
});

afterAll(async () => {
  await adapter?.stop();
  await bot?.close();
  await server?.close();
});

/** Sends a message and resolves once the bot has decided on it (and sent what it sends). */
async function decided(fields: Parameters<FakeDiscordServer["messageCreate"]>[0]): Promise<string> {
  const id = server.messageCreate(fields);
  await waitForEvent(settled, "settled", settledIds, (settledId) => settledId === `message:${id}`, 10_000, `the decision on ${id}`);
  return id;
}

const threadsFrom = (channelId: string, messageId: string) =>
  server.calls.filter((call) => call.method === "POST" && call.path === `/channels/${channelId}/messages/${messageId}/threads`);

describe("auto-answering on Discord", () => {
  it("answers a question in a thread started from it, with 👍/👎 and Dismiss; leaves chatter, bots, webhooks and channels where it is off alone", async () => {
    const question = await decided({ channelId: TEXT, content: QUESTION, userId: ASKER });
    expect(threadsFrom(TEXT, question)).toHaveLength(1);
    const [answer] = server.postsIn(question);
    expect(JSON.stringify(answer?.body.embeds)).toContain("grateful");
    expect(JSON.stringify(answer?.body.components)).toMatch(/"dismiss:[\w-]+"/);
    for (const fields of [
      { channelId: TEXT, content: "lol that's wild" },
      { channelId: TEXT, content: QUESTION, bot: true, userId: "777000000000000001" },
      { channelId: TEXT, content: QUESTION, webhookId: "888000000000000001" },
      { channelId: QUIET, content: QUESTION },
    ]) {
      const id = await decided(fields);
      expect(threadsFrom(fields.channelId, id), JSON.stringify(fields)).toHaveLength(0);
      expect(server.postsIn(id)).toHaveLength(0);
    }
  });

  it("takes its own name for a call, not a word of the message", async () => {
    // "cited" is the fake bot's username; not known as the bot's, "cited who is …" reads as a statement.
    const named = await decided({ channelId: TEXT, content: "cited who is asim munir", userId: ASKER });
    expect(JSON.stringify(server.postsIn(named)[0]?.body.embeds)).toContain("Munir");
  });

  it("answers the first message of a new forum post inside it, retrying while Discord answers 40058", async () => {
    const post = server.forumPost(FORUM, QUESTION, { userId: ASKER, raceTimes: 2 });
    await waitForEvent(settled, "settled", settledIds, (settledId) => settledId === `message:${post}`, 10_000, "the forum post's decision");
    const attempts = server.calls.filter((call) => call.method === "POST" && call.path === `/channels/${post}/messages`);
    expect(attempts.map((call) => call.status)).toEqual([400, 400, 200]);
    expect(JSON.stringify(server.postsIn(post)[0]?.body.embeds)).toContain("grateful");
  });

  it("answers a follow-up in the thread it answered in, with the last question's subject", async () => {
    const question = await decided({ channelId: TEXT, content: "Is disarming Hamas Pakistan's job?", userId: ASKER });
    expect(server.postsIn(question)).toHaveLength(1);
    server.addChannel({ id: question, type: 11, guild_id: GUILD_ID, parent_id: TEXT, owner_id: APPLICATION_ID });
    await decided({ channelId: question, content: "what about the US?", userId: ASKER });
    expect(server.postsIn(question)).toHaveLength(2);
    expect(JSON.stringify(server.postsIn(question)[1]?.body.embeds)).toMatch(/Andrabi|weighing its options/);
  });

  it("does not answer a question another person replied to before the answer was ready", async () => {
    // Held until the person's reply has been seen: the bot reads each message's replies as it arrives, so the
    // reply's own turn starting means it was noted, and the question is decided only then.
    const { pipeline } = bot.context;
    const handle = pipeline.handle.bind(pipeline);
    const questionId = "777000000000000101";
    const replyId = "777000000000000102";
    let replySeen!: () => void;
    const seen = new Promise<void>((resolve) => (replySeen = resolve));
    pipeline.handle = async (request: Request) => {
      if (request.deliveryId === `message:${replyId}`) replySeen();
      if (request.deliveryId === `message:${questionId}`) await seen;
      return handle(request);
    };
    try {
      const decidedQuestion = waitForEvent(settled, "settled", settledIds, (id) => id === `message:${questionId}`, 10_000, "the question's decision");
      server.messageCreate({ channelId: TEXT, content: QUESTION, userId: ASKER, id: questionId });
      server.messageCreate({ channelId: TEXT, content: "they thanked Pakistan, yes", userId: "555000000000000003", replyTo: questionId, id: replyId });
      await decidedQuestion;
    } finally {
      pipeline.handle = handle;
    }
    expect(threadsFrom(TEXT, questionId)).toHaveLength(0);
    expect(server.postsIn(questionId)).toHaveLength(0);
  });

  it("lets the asker dismiss the answer: the message is deleted", async () => {
    const question = await decided({ channelId: TEXT, content: QUESTION, userId: ASKER });
    const [answer] = server.postsIn(question);
    const id = /"dismiss:([\w-]+)"/.exec(JSON.stringify(answer?.body.components))?.[1];
    const press = componentInteraction(
      `dismiss:${id}`,
      { message: botMessage({ id: answer!.id, channelId: question, components: answer!.body.components as unknown[] }) },
      { user: { id: ASKER, username: "ada" }, channelId: question },
    );
    server.dispatch(press);
    const reply = (await server.replyTo(String(press.id), 10_000)) as { data?: { content?: string } };
    expect(reply.data?.content).toMatch(/removed/);
    expect(server.deletedMessages.has(`${question}:${answer!.id}`)).toBe(true);
  });
});

describe("learning from moderators on Discord", () => {
  const ASKED = "who pays the soldiers salaries in the stabilisation force";
  const TAUGHT = "Each country that sends troops pays its own soldiers, as with other UN-backed forces.";

  it("keeps an unsure question waiting; a moderator's reply is offered in a DM, and ✅ Teach there teaches it as theirs", async () => {
    const question = await decided({ channelId: LEARN, content: ASKED, userId: ASKER });
    expect(threadsFrom(LEARN, question)).toHaveLength(0);
    await decided({ channelId: LEARN, content: TAUGHT, userId: MODERATOR.user!.id, roles: [MOD_ROLE], replyTo: question });
    const dm = server.calls.find((call) => call.method === "POST" && call.path === "/users/@me/channels");
    expect(dm?.status).toBe(200);
    const [offer] = server.posts.filter((post) => JSON.stringify(post.body).includes("Teach this as the answer"));
    expect(JSON.stringify(offer?.body.embeds)).toContain(ASKED);
    const customId = /"(suggestion:\d+:teach)"/.exec(JSON.stringify(offer?.body.components))?.[1];
    expect(customId).toBeDefined();
    // Only in the DM: the channel saw nothing of it.
    expect(server.postsIn(LEARN)).toHaveLength(0);

    const press = componentInteraction(
      customId!,
      {
        message: botMessage({
          id: offer!.id,
          channelId: offer!.channelId,
          embeds: offer!.body.embeds as unknown[],
          components: offer!.body.components as unknown[],
        }),
      },
      { user: MODERATOR.user!, guild: false, channelId: offer!.channelId },
    );
    server.dispatch(press);
    const taught = (await server.replyTo(String(press.id), 10_000)) as { data?: { content?: string } };
    expect(taught.data?.content).toMatch(/^Taught as .*'s answer/);

    const ask = chatInputInteraction("ask", { question: ASKED }, { user: { id: ASKER, username: "ada" }, channelId: LEARN });
    server.dispatch(ask);
    const answer = JSON.stringify(await server.replyTo(String(ask.id), 10_000));
    expect(answer).toContain("Each country that sends troops pays its own soldiers");
    expect(answer).toMatch(/moderator/i);
  });

  it("lists a trusted member's reply under /gaps, with the buttons, for a moderator to decide; no DM to the member", async () => {
    const question = await decided({ channelId: LEARN, content: "how long will the troops stay in gaza for", userId: ASKER });
    const dms = () => server.calls.filter((call) => call.path === "/users/@me/channels").length;
    const before = dms();
    await decided({
      channelId: LEARN,
      content: "Nobody has said yet; the mandate is still being discussed.",
      userId: "555000000000000009",
      roles: [TRUSTED_ROLE],
      replyTo: question,
    });
    expect(dms()).toBe(before);
    const gaps = chatInputInteraction("gaps", {}, { ...MODERATOR, channelId: LEARN });
    server.dispatch(gaps);
    const listed = JSON.stringify(await server.replyTo(String(gaps.id), 10_000));
    expect(listed).toContain("how long will the troops stay in gaza for");
    expect(listed).toMatch(/"suggestion:\d+:ignore"/);
  });
});

describe("without the Message Content intent", () => {
  it("warns, says so in its readiness detail, and still answers commands", async () => {
    const blind = new FakeDiscordServer(TOKEN, { messageContent: false });
    const apiRoot = await blind.listen();
    const log = captureLog();
    const context = { ...bot.context, logger: log.logger };
    const running = await startDiscord(context, { token: TOKEN, clientId: APPLICATION_ID, apiRoot });
    try {
      expect(log.lines.some((line) => line.level === 40 && /Message Content intent/.test(line.msg))).toBe(true);
      expect(running.detail?.()).toMatch(/Message Content intent missing/);
      const help = chatInputInteraction("help");
      blind.dispatch(help);
      expect(await blind.replyTo(String(help.id), 10_000)).toBeDefined();
    } finally {
      await running.stop();
      await blind.close();
    }
  });
});
