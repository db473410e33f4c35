import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/logger.js";
import { newAnswerId, openStore, resilientStore, type AnswerRecord, type Store } from "../../src/store/index.js";
import { startTestPostgres, type TestPostgres } from "./embeddedPostgres.js";
import { withPostgres } from "./postgresDatabase.js";

const LEASE = 60_000;

function captureLog() {
  const lines: { level: number; msg: string }[] = [];
  const logger = createLogger("info", [], { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, count: (msg: string) => lines.filter((line) => line.msg === msg).length };
}

function answer(question: string): AnswerRecord {
  return {
    id: newAnswerId(),
    platform: "discord",
    community: "console",
    userHash: "u",
    question,
    answered: false,
    identifier: "not-in-corpus",
    passages: [],
    missingTerms: [],
    keyTerms: ["zorblax"],
    corpusVersion: "v1",
    createdAt: new Date(),
  };
}

describe.skipIf(!withPostgres)("when PostgreSQL goes away and comes back", () => {
  // A server of its own: stopping the shared one would pull it from under the other test files.
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it("answers without recording, says so once, and recovers by itself", async () => {
    const log = captureLog();
    const store = await openStore({ url: server.url, logger: log.logger, recheckEveryMs: 50, pruneEveryMs: 0, timeoutMs: 2000 });
    const received: string[] = [];
    await store.subscribe("corpus_reloaded", (payload) => void received.push(payload));
    const before = answer("before the outage");
    await store.answers.record(before);
    expect(await store.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "claimed" });
    await store.deliveries.settle("tg:1");

    await server.stop();
    const during = answer("during the outage");
    // Not recorded, and said so: the answer goes out without 👍/👎.
    await expect(store.answers.record(during)).rejects.toThrow(/recordAnswer not done/);
    expect(store.healthy).toBe(false);
    await expect(store.answers.record(answer("still during"))).rejects.toThrow(/unreachable/);
    expect(await store.writable()).toEqual({ ready: false, detail: "unreachable" });
    expect(await store.answers.get(before.id)).toBeUndefined();
    expect(await store.answers.vote(before.id, "u", 1)).toBe("unknown-answer");
    expect(await store.answers.votes(before.id)).toEqual({ up: 0, down: 0 });
    expect(await store.gaps.list({ since: new Date(0) })).toEqual([]);
    expect(await store.teaching.listTaught()).toEqual([]);
    // Answer rather than drop: a claim is granted, a request allowed.
    expect(await store.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "claimed" });
    await store.deliveries.settle("tg:1");
    expect(await store.limits.take("discord:u", { burst: 1, refillEveryMs: 60_000 })).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
    await store.publish("corpus_reloaded", "lost");
    // A moderator must hear that teaching failed.
    await expect(
      store.teaching.addTaught({ question: "q", answer: "a", moderatorName: "m", moderatorHash: "h", platform: "discord", community: "console" }),
    ).rejects.toThrow(/unreachable/);
    expect(log.count("store unreachable; answering without recording")).toBe(1);

    await server.start();
    await vi.waitFor(() => expect(store.healthy).toBe(true), { timeout: 15_000, interval: 20 });
    expect(log.count("store reachable again")).toBe(1);
    expect(log.count("store unreachable; answering without recording")).toBe(1);
    expect(await store.answers.get(before.id)).toMatchObject({ question: "before the outage" });
    expect(await store.answers.get(during.id)).toBeUndefined();
    expect(await store.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "answered" });
    const after = answer("after the outage");
    await store.answers.record(after);
    expect(await store.answers.get(after.id)).toMatchObject({ question: "after the outage" });
    // The listening connection comes back too (a notification sent before it is lost, so keep sending).
    await vi.waitFor(
      async () => {
        await store.publish("corpus_reloaded", "after");
        expect(received).toContain("after");
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(received).not.toContain("lost");
    await store.close();
  }, 60_000);
});

describe("resilientStore", () => {
  it("logs a failed query on a reachable database without declaring an outage", async () => {
    const log = captureLog();
    const inner = {
      dialect: "sqlite",
      healthy: true,
      answers: {
        record: async () => {
          throw new Error("CHECK constraint failed");
        },
      },
      deliveries: { claim: async () => ({ outcome: "answered" }) },
      ping: async () => undefined,
      close: async () => undefined,
    } as unknown as Store;
    const store = resilientStore(inner, log.logger);
    await expect(store.answers.record(answer("q"))).rejects.toThrow(/CHECK constraint failed/);
    expect(store.healthy).toBe(true);
    expect(log.count("store operation failed")).toBe(1);
    expect(log.count("store unreachable; answering without recording")).toBe(0);
    expect(await store.deliveries.claim("k", LEASE)).toEqual({ outcome: "answered" });
    await store.close();
  });
});
