import type { Logger } from "../logger.js";
import { StoreWriteError } from "./StoreWriteError.js";
import type { Repositories } from "./repositories/index.js";
import type { Store } from "./Store.js";
import type { Platform } from "./types.js";

export interface ResilienceOptions {
  /**
   * How often an unreachable database is tried again.
   * @default 2000 (ms): a short outage ends in seconds without hammering a database that is down
   */
  recheckEveryMs?: number;
  /** Called by close(), for timers the opener owns. */
  onClose?: () => void;
  /**
   * How long the answer of {@link ResilientStore.writable}'s probe write is kept.
   * @default 5000 (ms): readiness probes come every few seconds; one small write per period is nothing
   */
  probeEveryMs?: number;
}

/** Whether the store can write now, with a short reason when it cannot (for /readyz). */
export interface Writability {
  readonly ready: boolean;
  readonly detail: string;
}

/**
 * A store that never stops the bot. When the database cannot be reached,
 * writes are skipped, reads come back empty or "unknown", `claim` says yes
 * (answering twice beats not answering) and `hit` allows; that is logged once,
 * and once more when a background check finds the database back. While it is
 * down, calls return at once instead of waiting on connection timeouts.
 *
 * An error on a reachable database (a bug, a constraint, a read-only file,
 * a full disk) is logged and answered the same way, but does not mark the
 * store down; a failed write marks it unwritable (see `writable()`, which
 * /readyz shows) until a write succeeds again. Writes whose loss someone
 * must hear of throw instead: teaching, pinning, and recording an answer
 * (whose 👍/👎 would otherwise point at nothing).
 */
export class ResilientStore implements Store {
  #healthy = true;
  #recheck: NodeJS.Timeout | undefined;
  readonly #recheckEveryMs: number;
  /** Why the last write failed, until one succeeds. */
  #writeFailure: string | undefined;
  #probe: { at: number; done: Promise<void> } | undefined;

  constructor(
    private readonly inner: Store,
    private readonly logger: Logger,
    private readonly options: ResilienceOptions = {},
  ) {
    this.#recheckEveryMs = options.recheckEveryMs ?? 2000;
  }

  get dialect() {
    return this.inner.dialect;
  }

  /** Not guarded: a login that cannot reach the database must fail (the page says so), not pass. */
  get sessions() {
    return this.inner.sessions;
  }

  /** Not guarded: auto-answering stays silent when its state cannot be read (its caller catches). */
  get autoAnswer() {
    return this.inner.autoAnswer;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  hashUser(platform: Platform, userId: string): string {
    return this.inner.hashUser(platform, userId);
  }

  // Each repository's fault policy: a read falls back to empty, a write is skipped (and marks the store
  // unwritable), a required write throws. Recording an answer throws, so the answer goes out without buttons
  // that would point at nothing; teaching and pinning throw, so the moderator hears that nothing was stored.
  readonly answers: Repositories["answers"] = {
    record: (record) => this.#required("recordAnswer", () => this.inner.answers.record(record)),
    get: (id) => this.#guard("getAnswer", () => this.inner.answers.get(id), undefined),
    vote: (answerId, userHash, value) => this.#guard("vote", () => this.inner.answers.vote(answerId, userHash, value), "unknown-answer" as const, "write"),
    votes: (answerId) => this.#guard("votes", () => this.inner.answers.votes(answerId), { up: 0, down: 0 }),
    linkMessage: (messageKey, answerId) => this.#guard("linkMessage", () => this.inner.answers.linkMessage(messageKey, answerId), undefined, "write"),
    answerOfMessage: (messageKey) => this.#guard("answerOfMessage", () => this.inner.answers.answerOfMessage(messageKey), undefined),
  };

  readonly gaps: Repositories["gaps"] = {
    list: (options) => this.#guard("gaps", () => this.inner.gaps.list(options), []),
    mostDownvoted: (options) => this.#guard("mostDownvoted", () => this.inner.gaps.mostDownvoted(options), []),
    stats: (options) => this.#required("stats", () => this.inner.gaps.stats(options)),
  };

  readonly teaching: Repositories["teaching"] = {
    addTaught: (entry) => this.#required("addTaught", () => this.inner.teaching.addTaught(entry)),
    listTaught: (scope) => this.#guard("listTaught", () => this.inner.teaching.listTaught(scope), []),
    removeTaught: (id, scope) => this.#guard("removeTaught", () => this.inner.teaching.removeTaught(id, scope), false, "write"),
    updateTaught: (id, change, scope) => this.#required("updateTaught", () => this.inner.teaching.updateTaught(id, change, scope)),
    addPin: (pin) => this.#required("addPin", () => this.inner.teaching.addPin(pin)),
    findPin: (questionKey, scope) => this.#guard("findPin", () => this.inner.teaching.findPin(questionKey, scope), undefined),
    listPins: (scope) => this.#guard("listPins", () => this.inner.teaching.listPins(scope), []),
    removePin: (questionKey, scope) => this.#guard("removePin", () => this.inner.teaching.removePin(questionKey, scope), false, "write"),
  };

  // A claim says yes while the database is down (answering twice beats not answering); the inbox is skipped,
  // and polling then confirms updates as it did before the inbox.
  readonly deliveries: Repositories["deliveries"] = {
    claim: (key, leaseMs, now) => this.#guard("claim", () => this.inner.deliveries.claim(key, leaseMs, now), { outcome: "claimed" as const }, "write"),
    settle: (key) => this.#guard("settle", () => this.inner.deliveries.settle(key), undefined, "write"),
    keepInbox: (entries) => this.#guard("keepInbox", () => this.inner.deliveries.keepInbox(entries), undefined, "write"),
    inbox: (source) => this.#guard("inbox", () => this.inner.deliveries.inbox(source), []),
    dropInbox: (source, updateId) => this.#guard("dropInbox", () => this.inner.deliveries.dropInbox(source, updateId), undefined, "write"),
    pruneInbox: (before) => this.#guard("pruneInbox", () => this.inner.deliveries.pruneInbox(before), 0, "write"),
  };

  readonly limits: Repositories["limits"] = {
    take: (key, bucket, now) =>
      this.#guard("take", () => this.inner.limits.take(key, bucket, now), { allowed: true, firstRefusal: false, retryAfterMs: 0 }, "write"),
  };

  // Waiting questions and suggestions are best-effort notes: lost ones cost a moderator a hint, never an answer.
  // Deciding a suggestion throws, so a moderator's click is never reported done when nothing was stored.
  readonly learning: Repositories["learning"] = {
    keepWaiting: (entry) => this.#guard("keepWaiting", () => this.inner.learning.keepWaiting(entry), undefined, "write"),
    findWaiting: (keys, scope) => this.#guard("findWaiting", () => this.inner.learning.findWaiting(keys, scope), undefined),
    listWaiting: (options) => this.#guard("listWaiting", () => this.inner.learning.listWaiting(options), { count: 0, items: [] }),
    addSuggestion: (entry, now) => this.#guard("addSuggestion", () => this.inner.learning.addSuggestion(entry, now), undefined, "write"),
    suggestion: (id, scope) => this.#guard("suggestion", () => this.inner.learning.suggestion(id, scope), undefined),
    pendingSuggestions: (options) => this.#guard("pendingSuggestions", () => this.inner.learning.pendingSuggestions(options), []),
    decide: (id, status, now) => this.#required("decideSuggestion", () => this.inner.learning.decide(id, status, now)),
    reopen: (id) => this.#guard("reopenSuggestion", () => this.inner.learning.reopen(id), undefined, "write"),
    taught: (suggestion, taughtId, now) => this.#guard("suggestionTaught", () => this.inner.learning.taught(suggestion, taughtId, now), undefined, "write"),
    prune: (before) => this.#guard("pruneLearning", () => this.inner.learning.prune(before), undefined, "write"),
  };

  prune(now?: Date): Promise<void> {
    return this.#guard("prune", () => this.inner.prune(now), undefined, "write");
  }
  publish(channel: string, payload: string): Promise<void> {
    return this.#guard("publish", () => this.inner.publish(channel, payload), undefined);
  }
  async subscribe(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    try {
      return await this.inner.subscribe(channel, listener);
    } catch (error) {
      this.logger.warn({ err: message(error), channel }, "store notifications unavailable");
      return async () => undefined;
    }
  }

  /**
   * Whether writes would be kept now: reachable, the last write did not fail,
   * and a probe write (kept `probeEveryMs`; one at a time) went through.
   */
  async writable(): Promise<Writability> {
    if (!this.#healthy) return { ready: false, detail: "unreachable" };
    const now = Date.now();
    if (this.inner.probeWrite && (!this.#probe || now - this.#probe.at >= (this.options.probeEveryMs ?? 5000))) {
      const probeWrite = this.inner.probeWrite.bind(this.inner);
      const done = probeWrite().then(
        () => (this.#writeFailure = undefined),
        (error: unknown) => this.#noteWriteFailure("probeWrite", error),
      );
      this.#probe = { at: now, done };
    }
    await this.#probe?.done;
    if (!this.#healthy) return { ready: false, detail: "unreachable" };
    return this.#writeFailure === undefined ? { ready: true, detail: this.dialect } : { ready: false, detail: `cannot write: ${this.#writeFailure}` };
  }

  /** Asks the database itself; a success also ends an outage. */
  async ping(): Promise<void> {
    await this.inner.ping();
    this.#up();
  }

  async close(): Promise<void> {
    clearInterval(this.#recheck);
    this.#recheck = undefined;
    this.options.onClose?.();
    await this.inner.close();
  }

  async #guard<T>(operation: string, run: () => Promise<T>, fallback: T, kind: "read" | "write" = "read"): Promise<T> {
    if (!this.#healthy) return fallback;
    try {
      const result = await run();
      if (kind === "write") this.#writeFailure = undefined;
      return result;
    } catch (error) {
      if (kind === "write") this.#noteWriteFailure(operation, error);
      await this.#failed(operation, error);
      return fallback;
    }
  }

  /** A write that throws when nothing was stored. */
  async #required<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (!this.#healthy) throw new StoreWriteError(operation, "the database is unreachable");
    try {
      const result = await run();
      this.#writeFailure = undefined;
      return result;
    } catch (error) {
      this.#noteWriteFailure(operation, error);
      await this.#failed(operation, error);
      throw new StoreWriteError(operation, message(error), { cause: error });
    }
  }

  #noteWriteFailure(operation: string, error: unknown): void {
    if (this.#writeFailure === undefined) this.logger.error({ err: message(error), operation }, "store cannot write; answering without recording");
    this.#writeFailure = message(error);
  }

  /** Tells an outage from a failed query by asking the database whether it is there. */
  async #failed(operation: string, error: unknown): Promise<void> {
    const reachable = await Promise.resolve()
      .then(() => this.inner.ping())
      .then(
        () => true,
        () => false,
      );
    if (reachable) {
      this.logger.error({ err: message(error), operation }, "store operation failed");
      return;
    }
    if (!this.#healthy) return;
    this.#healthy = false;
    this.logger.warn({ err: message(error), operation }, "store unreachable; answering without recording");
    this.#recheck = setInterval(() => {
      this.inner.ping().then(
        () => this.#up(),
        () => undefined,
      );
    }, this.#recheckEveryMs);
    this.#recheck.unref();
  }

  #up(): void {
    if (this.#healthy) return;
    this.#healthy = true;
    clearInterval(this.#recheck);
    this.#recheck = undefined;
    this.logger.info("store reachable again");
  }
}

/** Wraps a store so that an unreachable database never stops the bot (see ResilientStore). */
export function resilientStore(store: Store, logger: Logger, options?: ResilienceOptions): ResilientStore {
  return new ResilientStore(store, logger, options);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
