import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { silentLogger } from "../../../src/logger.js";
import { followUpText } from "../../../src/pipeline/auto/followUp.js";
import type { SkipReason } from "../../../src/pipeline/auto/defaults.js";
import { createPipeline } from "../../../src/pipeline/createPipeline.js";
import type { Pipeline } from "../../../src/pipeline/Pipeline.js";
import type { ChannelMessage, Intent, Reply, Request } from "../../../src/pipeline/types.js";
import { openStore, type ResilientStore } from "../../../src/store/index.js";
import type { Community } from "../../../src/usecases/types.js";

const QUESTION = "Is the US grateful to Pakistan?";
const CHATTER = "lol that's wild";

let service: AnswerService;
let catalog: CommandCatalog;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
});

let store: ResilientStore;
let skipped: SkipReason[];
let answered: number;
let dismissed: number;
let waiting: { question: string; link: string; community: Community }[];
beforeEach(async () => {
  store = await openStore({ url: "sqlite::memory:", pruneEveryMs: 0 });
  skipped = [];
  answered = 0;
  dismissed = 0;
  waiting = [];
});
afterEach(async () => store.close());

function pipeline(limits: { hourlyCap?: number; backOffMs?: number } = {}): Pipeline {
  return createPipeline(
    {
      services: { current: service },
      catalog,
      logger: silentLogger(),
      store,
      metrics: {
        answered: () => undefined,
        voted: () => undefined,
        rateLimited: () => undefined,
        autoAnswered: () => answered++,
        autoSkipped: (_platform, reason) => skipped.push(reason),
        dismissed: () => dismissed++,
      },
      onWaiting: (question, link, community) => void waiting.push({ question, link, community }),
    },
    { rateLimit: { limit: 0 }, autoAnswer: limits },
  );
}

let nextId = 1;
interface Sent {
  user?: string;
  moderator?: boolean;
  chat?: string;
  message?: Partial<ChannelMessage>;
}
function channelMessage(text: string, { user = "42", moderator = false, chat = "-100", message = {} }: Sent = {}): Request {
  const id = nextId++;
  return {
    platform: "telegram",
    deliveryId: `d${id}`,
    user: { id: user, displayName: "Ada" },
    chat: { id: chat, private: false },
    community: { key: `telegram:${chat}`, platform: "telegram" },
    intent: {
      kind: "channel-message",
      text,
      message: {
        key: `telegram:${chat}:${id}`,
        channelId: chat,
        scopes: [],
        author: "person",
        edited: false,
        link: `https://t.me/c/100/${id}`,
        answeredByPerson: () => false,
        ...message,
      },
    },
    isModerator: async () => moderator,
  };
}

function command(name: string, text: string, { user = "7", moderator = true, chat = "-100" } = {}): Request {
  const intent: Intent = { kind: "command", command: catalog.find(name)!, text };
  return {
    platform: "telegram",
    deliveryId: `d${nextId++}`,
    user: { id: user, displayName: "Mod" },
    chat: { id: chat, private: false },
    community: { key: `telegram:${chat}`, platform: "telegram" },
    intent,
    isModerator: async () => moderator,
  };
}

async function enable(bot: Pipeline, text = "on threshold:0.5"): Promise<void> {
  expect(await bot.handle(command("autoanswer", text))).toMatchObject({ kind: "notice", notice: { identifier: "autoanswer-on" }, visibility: "private" });
}

function answerOf(reply: Reply) {
  if (reply.kind !== "answer") throw new Error(`expected an answer, got ${JSON.stringify(reply)}`);
  return reply;
}

describe("auto-answering", () => {
  it("is silent where it is not on, and only moderators turn it on, privately", async () => {
    const bot = pipeline();
    expect(await bot.handle(channelMessage(QUESTION))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(command("autoanswer", "on", { moderator: false }))).toMatchObject({ notice: { identifier: "moderators-only" } });
    expect(await bot.handle(command("autoanswer", "on threshold:7"))).toMatchObject({ notice: { identifier: "autoanswer-threshold" } });
    expect(await bot.handle(command("autoanswer", "maybe"))).toMatchObject({ notice: { identifier: "autoanswer-usage" } });
    await enable(bot);
    expect(await bot.handle(command("autoanswer", "status"))).toMatchObject({
      notice: { identifier: "autoanswer-status", context: { here: true, channels: [{ channelId: "-100", threshold: 0.5 }] } },
      visibility: "private",
    });
    // Another group of the same bot is another community: its status lists nothing.
    expect(await bot.handle(command("autoanswer", "", { chat: "-200" }))).toMatchObject({ notice: { context: { channels: [], here: false } } });
    expect(await bot.handle(command("autoanswer", "off"))).toMatchObject({ notice: { identifier: "autoanswer-off" } });
    expect(await bot.handle(channelMessage(QUESTION))).toEqual({ kind: "none", why: "ignored" });
    expect(answered).toBe(0);
  });

  it("answers a question where it is on, recorded with 👍/👎 and Dismiss, and leaves chatter, bots and edits alone", async () => {
    const bot = pipeline();
    await enable(bot);
    const reply = answerOf(await bot.handle(channelMessage(QUESTION)));
    expect(reply.visibility).toBe("public");
    expect(reply.answer.snippets[0]?.text).toContain("grateful");
    expect(reply.actions).toEqual([{ kind: "dismiss" }, { kind: "feedback", answerId: reply.answerId }]);
    expect((await store.answers.get(reply.answerId!))?.question).toBe(QUESTION);
    expect(await bot.handle(channelMessage(CHATTER))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage(QUESTION, { message: { author: "bot" } }))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage(QUESTION, { message: { author: "webhook" } }))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage(QUESTION, { message: { edited: true } }))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage(QUESTION, { message: { answeredByPerson: () => true } }))).toEqual({ kind: "none", why: "ignored" });
    expect(answered).toBe(1);
    expect(skipped).toEqual(["not-a-question", "not-a-person", "not-a-person", "not-a-person", "human-replied"]);
  });

  it("keeps a question it is not sure of as waiting, with its link and community", async () => {
    const bot = pipeline();
    await enable(bot, "on threshold:0.99");
    expect(await bot.handle(channelMessage(QUESTION))).toEqual({ kind: "none", why: "ignored" });
    expect(skipped).toEqual(["not-confident"]);
    expect(waiting).toEqual([
      { question: QUESTION, link: expect.stringMatching(/^https:\/\/t\.me\/c\/100\/\d+$/), community: expect.objectContaining({ key: "telegram:-100" }) },
    ]);
  });

  it("never answers an opted-out person, until they opt in", async () => {
    const bot = pipeline();
    await enable(bot);
    expect(await bot.handle(command("optout", "", { user: "42", moderator: false }))).toMatchObject({
      notice: { identifier: "opted-out" },
      visibility: "private",
    });
    expect(await bot.handle(channelMessage(QUESTION))).toEqual({ kind: "none", why: "ignored" });
    expect(skipped).toEqual(["opted-out"]);
    expect(await bot.handle(command("optin", "", { user: "42", moderator: false }))).toMatchObject({
      notice: { identifier: "opted-in", context: { wasOptedOut: true } },
    });
    expect(answerOf(await bot.handle(channelMessage(QUESTION))).answer.answered).toBe(true);
  });

  it("answers each message once, whichever replica sees it", async () => {
    const [one, two] = [pipeline(), pipeline()];
    await enable(one);
    const message = channelMessage(QUESTION);
    const replies = await Promise.all([one.handle(message), two.handle({ ...message, deliveryId: "other" })]);
    expect(replies.filter((reply) => reply.kind === "answer")).toHaveLength(1);
  });

  it("backs off where a moderator wrote, for the time configured", async () => {
    const bot = pipeline({ backOffMs: 60_000 });
    await enable(bot);
    expect(await bot.handle(channelMessage("thanks, let me explain", { user: "7", moderator: true, message: { scopes: ["telegram:-100:topic:5"] } }))).toEqual({
      kind: "none",
      why: "ignored",
    });
    expect(await bot.handle(channelMessage(QUESTION, { message: { scopes: ["telegram:-100:topic:5"] } }))).toEqual({ kind: "none", why: "ignored" });
    expect(skipped).toEqual(["backed-off"]);
    expect(answerOf(await bot.handle(channelMessage(QUESTION, { message: { scopes: ["telegram:-100:topic:6"] } }))).answer.answered).toBe(true);
  });

  it("stops at the hourly cap of a channel", async () => {
    const bot = pipeline({ hourlyCap: 2 });
    await enable(bot);
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await bot.handle(channelMessage(QUESTION))).kind);
    expect(kinds).toEqual(["answer", "answer", "none"]);
    expect(skipped).toEqual(["capped"]);
  });

  it("lets the asker or a moderator dismiss an answer, counted as 👎, and nobody else", async () => {
    const bot = pipeline();
    await enable(bot);
    const { answerId } = answerOf(await bot.handle(channelMessage(QUESTION, { user: "42" })));
    const press = (user: string, moderator: boolean): Request => ({
      platform: "telegram",
      deliveryId: `d${nextId++}`,
      user: { id: user, displayName: "x" },
      chat: { id: "-100", private: false },
      community: { key: "telegram:-100", platform: "telegram" },
      intent: { kind: "dismiss", answerId: answerId! },
      isModerator: async () => moderator,
    });
    expect(await bot.handle(press("99", false))).toMatchObject({ notice: { identifier: "dismiss-refused" } });
    expect(await bot.handle(press("42", false))).toEqual({ kind: "delete-answer", answerId });
    expect(await bot.handle(press("7", true))).toEqual({ kind: "delete-answer", answerId });
    expect(await store.answers.votes(answerId!)).toEqual({ up: 0, down: 2 });
    expect(dismissed).toBe(2);
  });

  it("answers a follow-up to its answer where it is not on, with the last question's subject carried over", async () => {
    const bot = pipeline();
    const first = answerOf(await bot.handle({ ...channelMessage("x"), intent: { kind: "question", text: "Is disarming Hamas Pakistan's job?" } }));
    const followUp = answerOf(await bot.handle(channelMessage("what about the US?", { message: { followUp: { answerId: first.answerId! } } })));
    expect(followUp.answer.question).toBe("Is disarming Hamas the US's job?");
    expect(await bot.handle(channelMessage("what about the US?"))).toEqual({ kind: "none", why: "ignored" });
  });
});

describe("follow-up questions", () => {
  it("carry the last question's subject when they have none of their own", () => {
    expect(followUpText(service, "what about china?", "What did Pakistan say about troops?")).toBe("What did china say about troops?");
    expect(followUpText(service, "and when?", "did the council vote on the ferry")).toBe("when did the council vote on the ferry?");
    expect(followUpText(service, "and why?", "Who is grateful to Pakistan?")).toBe("why is grateful to Pakistan?");
    expect(followUpText(service, "who commands the ISF and for how long", "Is the US grateful to Pakistan?")).toBe("who commands the ISF and for how long");
  });
});
