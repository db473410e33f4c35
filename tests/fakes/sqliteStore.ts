import { openStore, type Store } from "../../src/store/index.js";

/** A real store on an in-memory SQLite database, whose clock a test can move for claims and rate buckets. */
export interface TestStore extends Store {
  /** The time claims and rate buckets see; the wall clock unless a test sets it. */
  now: () => number;
}

/**
 * Opens the real store (migrations, queries and all) on `sqlite::memory:`,
 * so tests exercise what the bot runs instead of a hand-written copy. Only
 * the clock of `deliveries.claim` and `limits.take` is the test's.
 */
export async function sqliteStore(): Promise<TestStore> {
  const inner = await openStore({ url: "sqlite::memory:", salt: "test-salt", pruneEveryMs: 0 });
  const clock = (now: Date | undefined) => now ?? new Date(store.now());
  const store: TestStore = {
    now: () => Date.now(),
    dialect: inner.dialect,
    get healthy() {
      return inner.healthy;
    },
    hashUser: (platform, userId) => inner.hashUser(platform, userId),
    answers: inner.answers,
    gaps: inner.gaps,
    teaching: inner.teaching,
    learning: inner.learning,
    deliveries: { ...inner.deliveries, claim: (key, leaseMs, now) => inner.deliveries.claim(key, leaseMs, clock(now)) },
    limits: { take: (key, bucket, now) => inner.limits.take(key, bucket, clock(now)) },
    ...(inner.sessions ? { sessions: inner.sessions } : {}),
    ...(inner.autoAnswer ? { autoAnswer: inner.autoAnswer } : {}),
    prune: (now) => inner.prune(now),
    publish: (channel, payload) => inner.publish(channel, payload),
    subscribe: (channel, listener) => inner.subscribe(channel, listener),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return store;
}
