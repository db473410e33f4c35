import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newAnswerId, type AnswerRecord, type Store } from "../../src/store/index.js";
import { withPostgres } from "./postgresDatabase.js";
import { newSite, type Engine, type StoreSite } from "./storeHarness.js";

const LEASE = 60_000;

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();

function answer(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    id: newAnswerId(),
    platform: "telegram",
    community: "console",
    userHash: "u1",
    question: "Who commands the ISF?",
    answered: true,
    passages: [{ documentId: "article", sectionSlug: "leadership", start: 10, end: 80 }],
    missingTerms: [],
    keyTerms: ["command", "isf"],
    corpusVersion: "v1",
    createdAt: new Date(NOW - 60_000),
    ...overrides,
  };
}

function refusal(question: string, keyTerms: string[], overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return answer({ question, keyTerms, answered: false, identifier: "not-in-corpus", passages: [], ...overrides });
}

describe.each<Engine>(withPostgres ? ["sqlite", "postgres"] : ["sqlite"])("store contract (%s)", (engine) => {
  let site: StoreSite;
  let store: Store;

  beforeEach(async () => {
    site = await newSite(engine);
    store = await site.open();
  });
  afterEach(async () => {
    await site.cleanup();
  });

  it("says which engine it runs on", () => {
    expect(store.dialect).toBe(engine);
    expect(store.healthy).toBe(true);
  });

  it("keeps an answer as recorded, and knows no other", async () => {
    const record = answer({ identifier: undefined, missingTerms: ["zorblax"], createdAt: new Date(NOW - 1234) });
    await store.answers.record(record);
    const refused = refusal("What is a zorblax?", ["zorblax"], { missingTerms: ["zorblax"] });
    await store.answers.record(refused);
    const { identifier: _none, ...withoutIdentifier } = record;
    expect(await store.answers.get(record.id)).toEqual(withoutIdentifier);
    expect(await store.answers.get(refused.id)).toEqual(refused);
    expect(await store.answers.get("nope")).toBeUndefined();
    // The same answer written twice (a retried write) is not an error.
    await store.answers.record(record);
  });

  it("counts one vote per person per answer, changeable", async () => {
    const record = answer();
    await store.answers.record(record);
    expect(await store.answers.vote(record.id, "alice", 1)).toBe("recorded");
    expect(await store.answers.vote(record.id, "alice", 1)).toBe("unchanged");
    expect(await store.answers.vote(record.id, "bob", 1)).toBe("recorded");
    expect(await store.answers.votes(record.id)).toEqual({ up: 2, down: 0 });
    expect(await store.answers.vote(record.id, "alice", -1)).toBe("changed");
    expect(await store.answers.votes(record.id)).toEqual({ up: 1, down: 1 });
    expect(await store.answers.vote("unknown", "alice", 1)).toBe("unknown-answer");
    expect(await store.answers.votes("unknown")).toEqual({ up: 0, down: 0 });
  });

  it("counts concurrent votes by one person once", async () => {
    const record = answer();
    await store.answers.record(record);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.answers.vote(record.id, "carol", -1)));
    expect(outcomes.filter((outcome) => outcome === "recorded")).toHaveLength(1);
    expect(await store.answers.votes(record.id)).toEqual({ up: 0, down: 1 });
  });

  it("groups refusals and 👎 answers into gaps", async () => {
    await store.answers.record(refusal("who commands the ISF", ["command", "isf"], { createdAt: new Date(NOW - 3000) }));
    await store.answers.record(refusal("ISF commander?", ["isf", "command"], { createdAt: new Date(NOW - 2000) }));
    await store.answers.record(refusal("Who commands the ISF in Basra?", ["basra", "command", "isf"], { createdAt: new Date(NOW - 1000) }));
    await store.answers.record(refusal("What is a zorblax?", ["zorblax"], { missingTerms: ["Zorblax"] }));
    await store.answers.record(refusal("Old question about budgets", ["budget"], { createdAt: new Date(NOW - 10 * DAY) }));
    const disliked = answer({ question: "When was the budget approved?", keyTerms: ["approv", "budget"] });
    await store.answers.record(disliked);
    await store.answers.vote(disliked.id, "a", -1);
    await store.answers.vote(disliked.id, "b", -1);
    const liked = answer({ question: "When did the war start?", keyTerms: ["start", "war"] });
    await store.answers.record(liked);
    await store.answers.vote(liked.id, "a", 1);

    const gaps = await store.gaps.list({ since: new Date(NOW - 7 * DAY) });
    expect(gaps).toEqual([
      { terms: ["command", "isf"], count: 3, examples: ["Who commands the ISF in Basra?", "ISF commander?"] },
      { terms: ["approv", "budget"], count: 1, examples: ["When was the budget approved?"] },
      { terms: ["zorblax"], count: 1, examples: ["What is a zorblax?"] },
    ]);
    expect(await store.gaps.list({ since: new Date(NOW - 7 * DAY), limit: 1 })).toHaveLength(1);
  });

  it("lists the most 👎 answers with their passages", async () => {
    const worst = answer({ question: "worst" });
    const bad = answer({ question: "bad" });
    const mixed = answer({ question: "mixed" });
    for (const record of [worst, bad, mixed]) await store.answers.record(record);
    for (const voter of ["a", "b", "c"]) await store.answers.vote(worst.id, voter, -1);
    await store.answers.vote(bad.id, "a", -1);
    await store.answers.vote(mixed.id, "a", -1);
    await store.answers.vote(mixed.id, "b", 1);
    const list = await store.gaps.mostDownvoted({ since: new Date(NOW - DAY) });
    expect(list).toEqual([
      { answerId: worst.id, question: "worst", down: 3, up: 0, passages: worst.passages },
      { answerId: bad.id, question: "bad", down: 1, up: 0, passages: bad.passages },
    ]);
    expect(await store.gaps.mostDownvoted({ since: new Date(NOW + DAY) })).toEqual([]);
  });

  it("adds, lists and removes taught answers", async () => {
    const first = await store.teaching.addTaught({
      question: "Who founded it?",
      answer: "Ada, in 1901.",
      moderatorName: "Mod",
      moderatorHash: "m1",
      platform: "discord",
      community: "console",
    });
    const second = await store.teaching.addTaught({
      question: "Where?",
      answer: "In Basra.",
      moderatorName: "Mod Two",
      moderatorHash: "m2",
      platform: "telegram",
      community: "console",
    });
    expect(first.id).not.toBe(second.id);
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(first.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await store.teaching.listTaught()).toEqual([first, second]);
    expect(await store.teaching.removeTaught(first.id)).toBe(true);
    expect(await store.teaching.removeTaught(first.id)).toBe(false);
    expect(await store.teaching.listTaught()).toEqual([second]);
  });

  it("edits a taught answer's question or answer, keeping the rest", async () => {
    const entry = await store.teaching.addTaught({
      question: "Who?",
      answer: "Ada.",
      moderatorName: "Mod",
      moderatorHash: "m1",
      platform: "console",
      community: "console",
    });
    const edited = await store.teaching.updateTaught(entry.id, { answer: "Ada Lovelace." });
    expect(edited).toEqual({ ...entry, answer: "Ada Lovelace." });
    expect(await store.teaching.updateTaught(entry.id, { question: "Who wrote it?" })).toEqual({
      ...entry,
      question: "Who wrote it?",
      answer: "Ada Lovelace.",
    });
    expect(await store.teaching.updateTaught(entry.id, {})).toEqual({ ...entry, question: "Who wrote it?", answer: "Ada Lovelace." });
    expect(await store.teaching.updateTaught(entry.id + 1000, { answer: "x" })).toBeUndefined();
    expect(await store.teaching.listTaught()).toEqual([{ ...entry, question: "Who wrote it?", answer: "Ada Lovelace." }]);
  });

  it("keeps one pin per question, the latest", async () => {
    const pin = {
      questionKey: "command isf",
      question: "Who commands the ISF?",
      documentId: "article",
      sectionSlug: "leadership",
      start: 5,
      end: 50,
      text: "General X commands it.",
      moderatorHash: "m1",
      community: "console",
    };
    const first = await store.teaching.addPin(pin);
    const replaced = await store.teaching.addPin({ ...pin, start: 60, end: 90, text: "General Y took over." });
    expect(await store.teaching.findPin("command isf")).toEqual(replaced);
    expect(replaced).toMatchObject({ start: 60, end: 90, text: "General Y took over." });
    const other = await store.teaching.addPin({ ...pin, questionKey: "budget", question: "Budget?" });
    expect(await store.teaching.listPins()).toEqual([replaced, other]);
    expect(first.questionKey).toBe("command isf");
    expect(await store.teaching.removePin("budget")).toBe(true);
    expect(await store.teaching.findPin("budget")).toBeUndefined();
  });

  it("keeps pins per community: each its own quote for a question, the operator's where a community has none", async () => {
    const pin = {
      questionKey: "command isf",
      question: "Who commands the ISF?",
      documentId: "article",
      sectionSlug: "leadership",
      start: 5,
      end: 50,
      text: "General X commands it.",
      moderatorHash: "m1",
    };
    const operator = await store.teaching.addPin({ ...pin, community: "console" });
    const first = await store.teaching.addPin({ ...pin, community: "discord:1", text: "General Y." });
    const second = await store.teaching.addPin({ ...pin, community: "telegram:-2", text: "General Z." });
    expect(await store.teaching.findPin("command isf", { community: "discord:1" })).toEqual(first);
    expect(await store.teaching.findPin("command isf", { community: "telegram:-2" })).toEqual(second);
    expect(await store.teaching.findPin("command isf", { community: "discord:3" })).toEqual(operator);
    expect(await store.teaching.listPins()).toHaveLength(3);
    expect(await store.teaching.removePin("command isf", { community: "discord:1" })).toBe(true);
    expect(await store.teaching.findPin("command isf", { community: "discord:1" })).toEqual(operator);
    expect(await store.teaching.findPin("command isf", { community: "telegram:-2" })).toEqual(second);
  });

  it("grants a claim once, also to concurrent callers and to a second replica", async () => {
    expect(await store.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "claimed" });
    expect(await store.deliveries.claim("tg:1", LEASE)).toMatchObject({ outcome: "in-progress" });
    const replica = await site.open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : replica).deliveries.claim("tg:2", LEASE)));
    expect(results.filter((result) => result.outcome === "claimed")).toHaveLength(1);
    await store.deliveries.settle("tg:1");
    expect(await replica.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "answered" });
  });

  it("holds a claim for its lease, then gives an unsettled one to the next caller, once; a settled one never", async () => {
    const at = new Date(NOW);
    expect(await store.deliveries.claim("tg:dead", 1000, at)).toEqual({ outcome: "claimed" });
    expect(await store.deliveries.claim("tg:dead", 1000, new Date(NOW + 999))).toEqual({ outcome: "in-progress", leaseEndsAt: new Date(NOW + 1000) });
    // The holder died: after its lease, one of several replicas takes it over, with a lease of its own.
    const replica = await site.open();
    const later = new Date(NOW + 1000);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : replica).deliveries.claim("tg:dead", 5000, later)));
    expect(results.filter((result) => result.outcome === "claimed")).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "in-progress")).toHaveLength(9);
    expect(await store.deliveries.claim("tg:dead", 5000, new Date(NOW + 5999))).toEqual({ outcome: "in-progress", leaseEndsAt: new Date(NOW + 6000) });
    await replica.deliveries.settle("tg:dead");
    expect(await store.deliveries.claim("tg:dead", 1000, new Date(NOW + 60_000))).toEqual({ outcome: "answered" });
  });

  it("remembers which answer a sent message carried, for every replica, as long as answers are kept", async () => {
    await store.answers.linkMessage("telegram:-100:7", "answer-1");
    const replica = await site.open();
    expect(await replica.answers.answerOfMessage("telegram:-100:7")).toBe("answer-1");
    expect(await replica.answers.answerOfMessage("telegram:-100:8")).toBeUndefined();
    await replica.answers.linkMessage("telegram:-100:7", "answer-2");
    expect(await store.answers.answerOfMessage("telegram:-100:7")).toBe("answer-2");
    await store.prune(new Date(Date.now() + 91 * DAY));
    expect(await store.answers.answerOfMessage("telegram:-100:7")).toBeUndefined();
  });

  it("keeps fetched updates in order until each is dropped, apart per bot, across a restart", async () => {
    const entry = (source: string, updateId: number, receivedAt = NOW) => ({
      source,
      updateId,
      payload: JSON.stringify({ update_id: updateId }),
      receivedAt: new Date(receivedAt),
    });
    // Telegram's update ids exceed 32 bits on long-lived bots.
    const big = 2 ** 40;
    await store.deliveries.keepInbox([entry("bot1", big + 3), entry("bot1", big + 1), entry("bot2", 7)]);
    await store.deliveries.keepInbox([entry("bot1", big + 2)]);
    // Fetched again: the first copy stays, with when it first came.
    await store.deliveries.keepInbox([{ ...entry("bot1", big + 1, NOW + 5000), payload: "{}" }]);
    await store.deliveries.keepInbox([]);
    expect(await store.deliveries.inbox("bot1")).toEqual([entry("bot1", big + 1), entry("bot1", big + 2), entry("bot1", big + 3)]);
    await store.deliveries.dropInbox("bot1", big + 2);
    await store.deliveries.dropInbox("bot1", 999);
    await store.close();
    const reopened = await site.open();
    expect((await reopened.deliveries.inbox("bot1")).map((kept) => kept.updateId)).toEqual([big + 1, big + 3]);
    expect((await reopened.deliveries.inbox("bot2")).map((kept) => kept.updateId)).toEqual([7]);
    expect(await reopened.deliveries.inbox("bot3")).toEqual([]);
  });

  it("prunes inbox entries received before a time, and says how many", async () => {
    await store.deliveries.keepInbox([
      { source: "bot", updateId: 1, payload: "{}", receivedAt: new Date(NOW - 3 * DAY) },
      { source: "other", updateId: 2, payload: "{}", receivedAt: new Date(NOW - 2 * DAY) },
      { source: "bot", updateId: 3, payload: "{}", receivedAt: new Date(NOW) },
    ]);
    expect(await store.deliveries.pruneInbox(new Date(NOW - DAY))).toBe(2);
    expect((await store.deliveries.inbox("bot")).map((kept) => kept.updateId)).toEqual([3]);
    expect(await store.deliveries.pruneInbox(new Date(NOW - DAY))).toBe(0);
  });

  it("lets a burst through, then one request per refill, with one first refusal per run", async () => {
    const bucket = { burst: 3, refillEveryMs: 20_000 };
    const at = new Date(NOW);
    const later = (ms: number) => new Date(NOW + ms);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await store.limits.take("telegram:u1", bucket, at));
    expect(results).toEqual([
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: false, firstRefusal: true, retryAfterMs: 20_000 },
      { allowed: false, firstRefusal: false, retryAfterMs: 20_000 },
    ]);
    expect(await store.limits.take("telegram:u1", bucket, later(5_000))).toEqual({ allowed: false, firstRefusal: false, retryAfterMs: 15_000 });
    // One refill later, one request passes, and the next refusal gets its notice again.
    expect(await store.limits.take("telegram:u1", bucket, later(20_000))).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
    expect(await store.limits.take("telegram:u1", bucket, later(20_000))).toEqual({ allowed: false, firstRefusal: true, retryAfterMs: 20_000 });
    // Another user has a full bucket; after three refills, so has this one.
    expect(await store.limits.take("telegram:u2", bucket, at)).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
    for (let i = 0; i < 3; i++) expect((await store.limits.take("telegram:u1", bucket, later(80_000))).allowed).toBe(true);
    expect((await store.limits.take("telegram:u1", bucket, later(80_000))).allowed).toBe(false);
    // No limit counts nothing.
    expect(await store.limits.take("telegram:u1", { burst: 0, refillEveryMs: 1 }, at)).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
  });

  it("shares one bucket between two replicas exactly under concurrent requests", async () => {
    const replica = await site.open();
    const at = new Date(NOW);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? store : replica).limits.take("discord:u9", { burst: 10, refillEveryMs: 60_000 }, at)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(results.filter((result) => result.firstRefusal)).toHaveLength(1);
  });

  it("prunes answers and votes past the retention, claims after a day, ended windows", async () => {
    const old = answer({ createdAt: new Date(NOW - 91 * DAY) });
    const recent = answer({ createdAt: new Date(NOW - 88 * DAY) });
    await store.answers.record(old);
    await store.answers.record(recent);
    await store.answers.vote(old.id, "a", 1);
    await store.answers.vote(recent.id, "a", 1);
    await store.deliveries.claim("tg:old", LEASE);
    await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000));
    await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000));
    const taught = await store.teaching.addTaught({
      question: "q",
      answer: "a",
      moderatorName: "m",
      moderatorHash: "h",
      platform: "console",
      community: "console",
    });

    await store.prune(new Date(NOW + 25 * 60 * 60 * 1000));
    expect(await store.answers.get(old.id)).toBeUndefined();
    expect(await store.answers.vote(old.id, "a", 1)).toBe("unknown-answer");
    expect(await store.answers.get(recent.id)).toBeDefined();
    expect(await store.answers.votes(recent.id)).toEqual({ up: 1, down: 0 });
    expect(await store.deliveries.claim("tg:old", LEASE)).toEqual({ outcome: "claimed" });
    // The bucket that is full again is gone: the same (past) moment starts from a full bucket.
    expect((await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000))).allowed).toBe(true);
    expect(await store.teaching.listTaught()).toEqual([taught]);
  });

  it("honours a shorter retention", async () => {
    const shortLived = await site.open({ retentionDays: 1 });
    const record = answer({ createdAt: new Date(NOW - 2 * DAY) });
    await shortLived.answers.record(record);
    await shortLived.prune(new Date(NOW));
    expect(await shortLived.answers.get(record.id)).toBeUndefined();
  });

  it("sums up a window for the report", async () => {
    const day0 = new Date(Date.UTC(2026, 0, 10, 12));
    const since = new Date(Date.UTC(2026, 0, 8, 0));
    const until = new Date(Date.UTC(2026, 0, 10, 23));
    const a = answer({
      createdAt: day0,
      passages: [
        { documentId: "doc", sectionSlug: "one", start: 0, end: 5 },
        { documentId: "doc", sectionSlug: "one", start: 9, end: 20 },
      ],
    });
    const b = answer({ createdAt: new Date(day0.getTime() - DAY), passages: [{ documentId: "doc", sectionSlug: "two", start: 0, end: 5 }] });
    const c = refusal("what is a zorblax", ["zorblax"], { createdAt: day0 });
    const outside = answer({ createdAt: new Date(since.getTime() - 1) });
    for (const record of [a, b, c, outside]) await store.answers.record(record);
    await store.answers.vote(a.id, "x", 1);
    await store.answers.vote(a.id, "y", -1);
    await store.answers.vote(b.id, "x", 1);
    await store.answers.vote(outside.id, "x", -1);
    await store.teaching.addTaught({ question: "q", answer: "a", moderatorName: "m", moderatorHash: "h", platform: "console", community: "console" });

    const report = await store.gaps.stats({ since, until });
    expect(report).toMatchObject({
      questions: 3,
      answered: 2,
      votes: { up: 2, down: 1 },
      perDay: [
        { day: "2026-01-08", questions: 0, answered: 0 },
        { day: "2026-01-09", questions: 1, answered: 1 },
        { day: "2026-01-10", questions: 2, answered: 1 },
      ],
      sections: [
        { documentId: "doc", sectionSlug: "one", cited: 1, up: 1, down: 1 },
        { documentId: "doc", sectionSlug: "two", cited: 1, up: 1, down: 0 },
      ],
      taught: 1,
      pins: 0,
    });
    expect(report.gaps.map((gap) => gap.terms)).toContainEqual(["zorblax"]);
  });

  it("delivers published messages to subscribers, and stops after unsubscribe", async () => {
    const received: string[] = [];
    let resolve = () => {};
    const bothArrived = new Promise<void>((done) => (resolve = done));
    const unsubscribe = await store.subscribe("taught_changed", (payload) => {
      received.push(payload);
      if (payload === "2") resolve();
    });
    await store.publish("taught_changed", "1");
    await store.publish("taught_changed", "2");
    await bothArrived;
    expect(received).toEqual(["1", "2"]);
    await unsubscribe();
    await store.publish("taught_changed", "3");
    await store.ping();
    expect(received).toEqual(["1", "2"]);
  });

  it("hashes users with a salt that survives a restart", async () => {
    const hash = store.hashUser("discord", "12345");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("12345");
    expect(store.hashUser("telegram", "12345")).not.toBe(hash);
    await store.close();
    const reopened = await site.open();
    expect(reopened.hashUser("discord", "12345")).toBe(hash);
    const salted = await site.open({ salt: "operator-salt" });
    expect(salted.hashUser("discord", "12345")).not.toBe(hash);
    if (engine === "sqlite") expect((await stat(join(site.dataDir, "salt"))).mode & 0o777).toBe(0o600);
  });

  it("keeps its rows across a restart", async () => {
    const record = answer();
    await store.answers.record(record);
    await store.close();
    const reopened = await site.open();
    expect(await reopened.answers.get(record.id)).toEqual(record);
  });
});
