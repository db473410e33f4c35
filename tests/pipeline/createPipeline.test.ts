import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../src/commands/types.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import { DEFAULT_CLAIM_OPTIONS } from "../../src/pipeline/middleware/claimOnce.js";
import type { Pipeline } from "../../src/pipeline/Pipeline.js";
import type { Intent, Reply, Request } from "../../src/pipeline/types.js";
import { resilientStore, type Store } from "../../src/store/index.js";
import { sqliteStore, type TestStore } from "../fakes/sqliteStore.js";

let service: AnswerService;
let catalog: CommandCatalog;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
});

let nextDelivery = 1;
function request(intent: Intent, options: Partial<Request> & { moderator?: boolean } = {}): Request {
  const { moderator = false, ...rest } = options;
  return {
    platform: "telegram",
    deliveryId: String(nextDelivery++),
    user: { id: "42", displayName: "Ada" },
    chat: { id: "-100", private: false },
    community: { key: "telegram:-100", platform: "telegram" },
    intent,
    isModerator: async () => moderator,
    ...rest,
  };
}
const ask = (text: string): Intent => ({ kind: "question", text });
const command = (name: string, text = "", options?: Record<string, string>): Intent => ({
  kind: "command",
  command: catalog.find(name)!,
  text,
  ...(options ? { options } : {}),
});

function pipelineWith(store?: TestStore, limit = 0, burst = limit): Pipeline {
  return createPipeline(
    { services: { current: service }, catalog, logger: silentLogger(), ...(store ? { store } : {}) },
    { rateLimit: { limit, windowMs: 60_000, burst } },
  );
}

function answerOf(reply: Reply) {
  if (reply.kind !== "answer") throw new Error(`expected an answer, got ${reply.kind}`);
  return reply;
}

describe("the pipeline", () => {
  it("answers a question and a topic command like the service does", async () => {
    const pipeline = pipelineWith();
    expect(answerOf(await pipeline.handle(request(ask("who is rubio")))).answer).toEqual(service.ask("who is rubio"));
    expect(answerOf(await pipeline.handle(request(command("isf")))).answer).toEqual(service.topic(catalog.find("isf")!));
  });

  it("gives usage for an empty /ask and keeps input problems private", async () => {
    const pipeline = pipelineWith();
    expect(await pipeline.handle(request(command("ask")))).toMatchObject({ kind: "notice", notice: { identifier: "usage" }, visibility: "private" });
    expect(await pipeline.handle(request(ask("   ")))).toMatchObject({ kind: "answer", visibility: "private" });
  });

  it("answers a question about the sources as a whole with the summary, as the summary command would", async () => {
    const pipeline = pipelineWith();
    const summaryCommand = catalog.commands.find((c) => c.kind === "summary" && !c.public)!;
    for (const question of ["What is this article about?", "Summarise this article", "overview please"]) {
      const reply = await pipeline.handle(request(ask(question), { chat: { id: "7", private: true } }));
      expect(reply, question).toMatchObject({ kind: "summary", command: summaryCommand, summary: { found: true } });
    }
  });

  it("records answers with an id and offers 👍/👎, then counts one vote per person, changeable", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store);
    const reply = answerOf(await pipeline.handle(request(ask("who is rubio"))));
    expect(reply.answerId).toMatch(/^[\w-]{12}$/);
    expect(reply.actions).toEqual([{ kind: "feedback", answerId: reply.answerId }]);
    const record = (await store.answers.get(reply.answerId!))!;
    expect(record).toMatchObject({ platform: "telegram", answered: true, corpusVersion: service.version });
    expect(record.passages[0]).toMatchObject({ documentId: reply.answer.snippets[0]!.documentId });
    const vote = (value: 1 | -1) => pipeline.handle(request({ kind: "vote", answerId: reply.answerId!, value }));
    expect(await vote(1)).toMatchObject({ notice: { identifier: "vote-recorded", context: { value: 1, changed: false } }, visibility: "private" });
    expect(await vote(-1)).toMatchObject({ notice: { identifier: "vote-recorded", context: { value: -1, changed: true } } });
    expect(await store.answers.votes(reply.answerId!)).toEqual({ up: 0, down: 1 });
    expect(await pipeline.handle(request({ kind: "vote", answerId: "nope", value: 1 }))).toMatchObject({ notice: { identifier: "answer-unavailable" } });
  });

  it("answers a redelivered update once: asks for it later while it is being answered, drops it once answered", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store);
    const first = request(ask("who is rubio"));
    expect((await pipeline.handle(first)).kind).toBe("answer");
    const held = await store.deliveries.claim(`telegram:${first.deliveryId}`, DEFAULT_CLAIM_OPTIONS.leaseMs);
    expect(held.outcome).toBe("in-progress");
    const leaseEndsAt = held.outcome === "in-progress" ? held.leaseEndsAt : undefined;
    expect(await pipeline.handle({ ...first })).toEqual({ kind: "none", why: "in-progress", leaseEndsAt });
    await pipeline.settle(first);
    expect(await pipeline.handle({ ...first })).toEqual({ kind: "none", why: "duplicate" });
    // The same id on another platform is another delivery.
    expect((await pipeline.handle({ ...first, platform: "discord" })).kind).toBe("answer");
  });

  it("answers an update whose claimant died mid-answer once its lease has run out", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store);
    const first = request(ask("who is rubio"));
    const now = Date.now();
    store.now = () => now;
    expect((await pipeline.handle(first)).kind).toBe("answer");
    expect(await pipeline.handle({ ...first })).toMatchObject({ kind: "none", why: "in-progress" });
    store.now = () => now + DEFAULT_CLAIM_OPTIONS.leaseMs;
    expect((await pipeline.handle({ ...first })).kind).toBe("answer");
  });

  it("limits a flood: one private notice per window, then silence; moderators are exempt", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store, 3);
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await pipeline.handle(request(ask("who is rubio"))));
    expect(replies.slice(0, 3).every((reply) => reply.kind === "answer")).toBe(true);
    expect(replies[3]).toMatchObject({ kind: "notice", notice: { identifier: "rate-limited" }, visibility: "private" });
    expect(replies.slice(4)).toEqual([
      { kind: "none", why: "rate-limited" },
      { kind: "none", why: "rate-limited" },
    ]);
    // Someone else is not affected, nor is a moderator, nor /help.
    expect((await pipeline.handle(request(ask("who is rubio"), { user: { id: "43", displayName: "Bo" } }))).kind).toBe("answer");
    for (let i = 0; i < 6; i++)
      expect((await pipeline.handle(request(ask("who is rubio"), { moderator: true, user: { id: "44", displayName: "Mod" } }))).kind).toBe("answer");
    expect((await pipeline.handle(request(command("help")))).kind).toBe("help");
    // The next window answers again, with a notice again if flooded.
    let now = Date.now();
    store.now = () => now;
    now += 61_000;
    expect((await pipeline.handle(request(ask("who is rubio")))).kind).toBe("answer");
  });

  it("lets a new member explore: a burst of 20, topics and help free, then one back every 6 s", async () => {
    const store = await sqliteStore();
    let now = Date.now();
    store.now = () => now;
    const pipeline = createPipeline({ services: { current: service }, catalog, logger: silentLogger(), store });
    const topics = catalog.commands.filter((c) => c.kind === "topic");
    const summary = catalog.commands.find((c) => c.kind === "summary" && !c.public)!;
    expect(topics.length).toBeGreaterThan(0);
    // Every topic twice, /help, the summary and questions up to the burst: nothing refused.
    for (const topic of [...topics, ...topics]) expect((await pipeline.handle(request(command(topic.name)))).kind).toBe("answer");
    expect((await pipeline.handle(request(command("help")))).kind).toBe("help");
    expect((await pipeline.handle(request(command(summary.name)))).kind).toBe("summary");
    for (let i = 0; i < 19; i++) expect((await pipeline.handle(request(ask(`who is rubio ${i}`)))).kind).toBe("answer");
    // The 21st costly request in the same instant: the bucket is empty; one comes back in 60 s / 10.
    expect(await pipeline.handle(request(ask("who is rubio")))).toMatchObject({
      kind: "notice",
      notice: { identifier: "rate-limited", context: { seconds: 6 } },
    });
    expect((await pipeline.handle(request(command(topics[0]!.name)))).kind).toBe("answer");
    now += 6_000;
    expect((await pipeline.handle(request(ask("who is rubio")))).kind).toBe("answer");
    expect(await pipeline.handle(request(ask("who is rubio")))).toMatchObject({ kind: "notice" });
  });

  it("asks whether someone over the limit moderates once per window, not once per message", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store, 1);
    let asked = 0;
    const flood = (moderator: boolean) => request(ask("who is rubio"), { isModerator: async () => (asked++, moderator) });
    for (let i = 0; i < 30; i++) await pipeline.handle(flood(false));
    expect(asked).toBe(1);
    const moderatorReplies = [];
    for (let i = 0; i < 10; i++) moderatorReplies.push(await pipeline.handle(flood(true)));
    // The same person in the same chat: the answer "not a moderator" holds for the window.
    expect(asked).toBe(1);
    expect(moderatorReplies.every((reply) => reply.kind === "none")).toBe(true);
    const mod = { user: { id: "77", displayName: "Mod" } };
    for (let i = 0; i < 10; i++) expect((await pipeline.handle({ ...flood(true), ...mod })).kind).toBe("answer");
    expect(asked).toBe(2);
    // Moderating one group says nothing about another.
    expect((await pipeline.handle({ ...flood(false), ...mod, chat: { id: "-200", private: false } })).kind).toBe("none");
    expect(asked).toBe(3);
  });

  it("limits inline queries without a notice, and does not record them as answers", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store, 2);
    const inline = (text: string) => request({ kind: "question", text, preview: true }, { chat: { id: "42", private: true } });
    expect((await pipeline.handle(inline("who is rubio"))).kind).toBe("answer");
    expect((await pipeline.handle(inline("who is rubio?"))).kind).toBe("answer");
    expect(await pipeline.handle(inline("who is rubio?!"))).toEqual({ kind: "none", why: "rate-limited" });
    expect((await store.gaps.stats({ since: new Date(0) })).questions).toBe(0);
  });

  it("keeps moderators' commands for moderators, with a stable identifier", async () => {
    const pipeline = pipelineWith(await sqliteStore());
    for (const name of ["reload", "gaps", "teach", "taught", "untaught", "pin", "post-summary"]) {
      expect(await pipeline.handle(request(command(name)))).toMatchObject({ kind: "notice", notice: { identifier: "moderators-only" }, visibility: "private" });
    }
  });

  it("lets a moderator teach an answer that is then cited as theirs, and list and remove it", async () => {
    const store = await sqliteStore();
    let current = service;
    const { loadCorpus } = await import("../../src/corpus/loadCorpus.js");
    const { taughtSourceFile } = await import("../../src/corpus/taughtDocument.js");
    const services = {
      get current() {
        return current;
      },
      async reload() {
        const files = [
          taughtSourceFile(
            (await store.teaching.listTaught()).map((t) => ({
              id: t.id,
              question: t.question,
              answer: t.answer,
              moderator: t.moderatorName,
              date: t.createdAt.toISOString().slice(0, 10),
            })),
          ),
        ];
        current = new AnswerService(await loadCorpus("corpus", files));
        return { ok: true as const, version: current.version, ms: 1, changed: true };
      },
    };
    const pipeline = createPipeline({ services, catalog, logger: silentLogger(), store }, { rateLimit: { limit: 0 } });
    const question = "Who will command the stabilisation force's quartermasters?";
    const before = await pipeline.handle(request(ask(question)));
    const taught = await pipeline.handle(
      request(command("teach", `${question} | No quartermaster has been named; the force's command structure is still being negotiated.`), { moderator: true }),
    );
    expect(taught).toMatchObject({ kind: "notice", notice: { identifier: "taught", context: { id: 1 } } });
    const after = answerOf(await pipeline.handle(request(ask(question), { user: { id: "7", displayName: "Someone" } })));
    expect(after.answer.answered).toBe(true);
    expect(after.answer.snippets[0]).toMatchObject({
      text: expect.stringContaining("No quartermaster has been named"),
      document: "Moderators' answers",
      taught: { moderator: "Ada" },
    });
    expect(before).not.toEqual(after);
    expect(await pipeline.handle(request(command("taught"), { moderator: true }))).toMatchObject({
      kind: "taught-list",
      entries: [{ id: 1, moderator: "Ada" }],
    });
    expect(await pipeline.handle(request(command("teach", ""), { moderator: true }))).toMatchObject({ notice: { identifier: "teach-usage" } });
    expect(await pipeline.handle(request(command("teach", `q | ${"x".repeat(1501)}`), { moderator: true }))).toMatchObject({
      notice: { identifier: "teach-too-long" },
    });
    expect(await pipeline.handle(request(command("untaught", "1"), { moderator: true }))).toMatchObject({ notice: { identifier: "untaught" } });
    expect(await pipeline.handle(request(command("untaught", "1"), { moderator: true }))).toMatchObject({ notice: { identifier: "untaught-unknown" } });
    expect(answerOf(await pipeline.handle(request(ask(question)))).answer.snippets[0]?.document ?? "").not.toBe("Moderators' answers");
  });

  it("lets a moderator pin a quote, served first for that question", async () => {
    const store = await sqliteStore();
    const pipeline = pipelineWith(store);
    const question = "What did Rubio say?";
    const answer = answerOf(await pipeline.handle(request(ask(question))));
    const choices = await pipeline.handle(request(command("pin"), { moderator: true, replyTo: { answerId: answer.answerId! } }));
    if (choices.kind !== "pin-choices") throw new Error(choices.kind);
    const last = choices.choices.at(-1)!;
    expect(await pipeline.handle(request(command("pin", String(last.n)), { moderator: true, replyTo: { answerId: answer.answerId! } }))).toMatchObject({
      notice: { identifier: "pinned" },
    });
    const pinned = answerOf(await pipeline.handle(request(ask("what did rubio say"))));
    expect(pinned.answer.snippets[0]!.text).toBe(last.label);
    expect(await pipeline.handle(request(command("pin", "1"), { moderator: true }))).toMatchObject({ notice: { identifier: "not-an-answer" } });
  });

  it("turns a failure anywhere into a private apology", async () => {
    const broken = Object.create(service) as AnswerService;
    broken.ask = () => {
      throw new Error("index exploded");
    };
    const pipeline = createPipeline({ services: { current: broken }, catalog, logger: silentLogger() });
    expect(await pipeline.handle(request(ask("who")))).toEqual({ kind: "notice", notice: { identifier: "failed", context: {} }, visibility: "private" });
  });
});

describe("the pipeline over a store that cannot write", () => {
  it("answers without 👍/👎 (nothing was recorded to vote on) and refuses to teach, saying why", async () => {
    const inner = await sqliteStore();
    const readOnly = async () => {
      throw new Error("attempt to write a readonly database");
    };
    Object.assign(inner, { answers: { ...inner.answers, record: readOnly }, teaching: { ...inner.teaching, addTaught: readOnly } });
    // The pipeline's part of the store is all it calls; ping tells a failed write from an outage.
    const store = resilientStore(Object.assign(inner, { ping: async () => undefined }) as unknown as Store, silentLogger());
    const pipeline = createPipeline({ services: { current: service }, catalog, logger: silentLogger(), store }, { rateLimit: { limit: 0, windowMs: 60_000 } });
    const reply = answerOf(await pipeline.handle(request(ask("who is rubio"))));
    expect(reply.answer.answered).toBe(true);
    expect(reply.answerId).toBeUndefined();
    expect(reply.actions.filter((action) => action.kind === "feedback")).toEqual([]);
    const taught = await pipeline.handle(request(command("teach", "", { question: "Who is the quartermaster?", answer: "Ada." }), { moderator: true }));
    expect(taught).toMatchObject({ kind: "notice", notice: { identifier: "store-unavailable" } });
  });
});
