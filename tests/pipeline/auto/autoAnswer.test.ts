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
beforeEach(async () => {
  store = await openStore({ url: "sqlite::memory:", pruneEveryMs: 0 });
  skipped = [];
  answered = 0;
  dismissed = 0;
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
        repliesTo: [],
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

  it("reads the names the bot goes by as a call: a question that opens with one is asked of the bot", async () => {
    const bot = pipeline();
    await enable(bot);
    const named = (text: string): Request => ({ ...channelMessage(text), botNames: ["Quillon", "quillon_bot"] });
    // Not known as the bot's name, it opens a statement about someone called Quillon.
    expect(await bot.handle(channelMessage("quillon who is asim munir"))).toEqual({ kind: "none", why: "ignored" });
    expect(skipped).toEqual(["not-a-question"]);
    expect(answerOf(await bot.handle(named("quillon who is asim munir"))).answer.snippets[0]?.text).toContain("Munir");
    // Speaking about the bot is still no question.
    expect(await bot.handle(named("quillon is slow today"))).toEqual({ kind: "none", why: "ignored" });
    expect(skipped).toEqual(["not-a-question", "not-a-question"]);
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
    const { count, items } = await store.learning.listWaiting({ since: new Date(0), community: "telegram:-100" });
    expect(count).toBe(1);
    expect(items).toEqual([
      expect.objectContaining({ question: QUESTION, link: expect.stringMatching(/^https:\/\/t\.me\/c\/100\/\d+$/), platform: "telegram" }),
    ]);
    expect(await store.learning.listWaiting({ since: new Date(0), community: "telegram:-200" })).toEqual({ count: 0, items: [] });
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

describe("learning from moderators", () => {
  const REPLY = "The US said it is grateful to Pakistan for offering to consider taking part.";

  /** A button press in the private chat where the bot asked, or under /gaps in the group. */
  function press(id: number, decision: "teach" | "ignore", { user = "7", moderator = false, chat = "7", group = false } = {}): Request {
    return {
      platform: "telegram",
      deliveryId: `d${nextId++}`,
      user: { id: user, displayName: "Mod" },
      chat: { id: chat, private: !group },
      community: group ? { key: `telegram:${chat}`, platform: "telegram" } : { key: "telegram:private", platform: "telegram" },
      intent: { kind: "suggestion", suggestionId: id, decision },
      isModerator: async () => moderator,
    };
  }

  async function waitingQuestion(bot: Pipeline): Promise<Request> {
    const question = channelMessage("so what did the US actually say about pakistan offering troops");
    expect(await bot.handle(question)).toEqual({ kind: "none", why: "ignored" });
    return question;
  }

  function keyOf(request: Request): string {
    if (request.intent.kind !== "channel-message") throw new Error("not a channel message");
    return request.intent.message.key;
  }

  it("asks a moderator privately to teach their reply to a waiting question; one click teaches it as theirs, and it answers from then on", async () => {
    const bot = pipeline();
    await enable(bot, "on threshold:0.99");
    const question = await waitingQuestion(bot);
    const reply = await bot.handle(channelMessage(REPLY, { user: "7", moderator: true, message: { repliesTo: [keyOf(question)] } }));
    expect(reply).toMatchObject({
      kind: "suggestion",
      suggestion: { question: "so what did the US actually say about pakistan offering troops", answer: REPLY, author: "Ada" },
    });
    const id = reply.kind === "suggestion" ? reply.suggestion.id : -1;

    // Not the author, no moderator of the group: as if it did not exist.
    expect(await bot.handle(press(id, "teach", { user: "9", chat: "9" }))).toMatchObject({ notice: { identifier: "suggestion-unknown" } });
    expect(await bot.handle(press(id, "teach", { user: "9", moderator: true, chat: "-200", group: true }))).toMatchObject({
      notice: { identifier: "suggestion-unknown" },
    });

    expect(await bot.handle(press(id, "teach"))).toMatchObject({ notice: { identifier: "suggestion-taught", context: { author: "Ada" } } });
    expect(await bot.handle(press(id, "teach"))).toMatchObject({ notice: { identifier: "suggestion-decided" } });
    expect((await store.learning.listWaiting({ since: new Date(0) })).count).toBe(0);
    expect(await store.teaching.listTaught({ community: "telegram:-100" })).toEqual([expect.objectContaining({ answer: REPLY, moderatorName: "Ada" })]);
  });

  it("lists waiting questions first in /gaps, and a trusted member's reply as a suggestion a moderator decides there", async () => {
    const bot = pipeline();
    await enable(bot, "on threshold:0.99");
    const question = await waitingQuestion(bot);
    const gaps = await bot.handle(command("gaps", ""));
    expect(gaps).toMatchObject({
      kind: "gaps",
      waiting: { count: 1, items: [{ question: "so what did the US actually say about pakistan offering troops" }] },
    });
    expect((await store.gaps.stats({ since: new Date(0) })).waiting).toBe(1);

    // A trusted member who does not moderate: no private prompt (they cannot teach), but moderators see it.
    const trusted = await bot.handle(channelMessage(REPLY, { user: "8", message: { repliesTo: [keyOf(question)], trusted: true } }));
    expect(trusted).toEqual({ kind: "none", why: "ignored" });
    const listed = await bot.handle(command("gaps", ""));
    expect(listed).toMatchObject({ kind: "gaps", suggestions: [{ answer: REPLY }] });
    const id = listed.kind === "gaps" ? listed.suggestions[0]!.id : -1;
    expect(await bot.handle(press(id, "teach", { user: "8", chat: "8" }))).toMatchObject({ notice: { identifier: "suggestion-unknown" } });
    expect(await bot.handle(press(id, "ignore", { moderator: true, chat: "-100", group: true }))).toMatchObject({
      notice: { identifier: "suggestion-ignored" },
    });
    expect(await bot.handle(command("gaps", ""))).toMatchObject({ kind: "gaps", suggestions: [], waiting: { count: 1 } });
    expect(await store.teaching.listTaught()).toEqual([]);
  });

  it("offers a moderator's reply to a question the bot answered, but not a question back or a word of thanks", async () => {
    const bot = pipeline();
    await enable(bot);
    const answer = answerOf(await bot.handle(channelMessage(QUESTION)));
    const followUp = { followUp: { answerId: answer.answerId! } };
    expect(await bot.handle(channelMessage("which briefing do you mean?", { moderator: true, message: followUp }))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage("thanks!", { moderator: true, message: followUp }))).toEqual({ kind: "none", why: "ignored" });
    expect(await bot.handle(channelMessage(REPLY, { moderator: true, message: followUp }))).toMatchObject({
      kind: "suggestion",
      suggestion: { question: QUESTION, answer: REPLY },
    });
    // A moderator's message that replies to nothing the bot knows is only a back-off.
    expect(await bot.handle(channelMessage(REPLY, { moderator: true }))).toEqual({ kind: "none", why: "ignored" });
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
