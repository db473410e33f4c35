import type { Logger } from "../logger.js";
import { StoreWriteError } from "./StoreWriteError.js";
import type {
  AnswerRecord,
  ClaimOutcome,
  DownvotedAnswer,
  Gap,
  InboxEntry,
  Pin,
  Platform,
  RateBucket,
  RateHit,
  ReportData,
  Store,
  TaughtEntry,
  VoteOutcome,
} from "./types.js";

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

  /** Throws when nothing was recorded, so the answer goes out without buttons that would point at nothing. */
  recordAnswer(record: AnswerRecord): Promise<void> {
    return this.#required("recordAnswer", () => this.inner.recordAnswer(record));
  }
  getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return this.#guard("getAnswer", () => this.inner.getAnswer(id), undefined);
  }
  vote(answerId: string, userHash: string, value: 1 | -1): Promise<VoteOutcome> {
    return this.#guard("vote", () => this.inner.vote(answerId, userHash, value), "unknown-answer" as const, "write");
  }
  votes(answerId: string): Promise<{ up: number; down: number }> {
    return this.#guard("votes", () => this.inner.votes(answerId), { up: 0, down: 0 });
  }
  gaps(options: { since: Date; limit?: number }): Promise<Gap[]> {
    return this.#guard("gaps", () => this.inner.gaps(options), []);
  }
  mostDownvoted(options: { since: Date; limit?: number }): Promise<DownvotedAnswer[]> {
    return this.#guard("mostDownvoted", () => this.inner.mostDownvoted(options), []);
  }
  /** Unlike the other writes, teaching throws when nothing was stored: the moderator must hear that it failed. */
  addTaught(entry: Omit<TaughtEntry, "id" | "createdAt">): Promise<TaughtEntry> {
    return this.#required("addTaught", () => this.inner.addTaught(entry));
  }
  listTaught(): Promise<TaughtEntry[]> {
    return this.#guard("listTaught", () => this.inner.listTaught(), []);
  }
  removeTaught(id: number): Promise<boolean> {
    return this.#guard("removeTaught", () => this.inner.removeTaught(id), false, "write");
  }
  /** Throws when nothing was stored, as addTaught does: the moderator must hear that the edit failed. */
  updateTaught(id: number, change: { question?: string; answer?: string }): Promise<TaughtEntry | undefined> {
    return this.#required("updateTaught", () => this.inner.updateTaught(id, change));
  }
  /** Throws when nothing was stored, as addTaught does. */
  addPin(pin: Omit<Pin, "id" | "createdAt">): Promise<Pin> {
    return this.#required("addPin", () => this.inner.addPin(pin));
  }
  findPin(questionKey: string): Promise<Pin | undefined> {
    return this.#guard("findPin", () => this.inner.findPin(questionKey), undefined);
  }
  listPins(): Promise<Pin[]> {
    return this.#guard("listPins", () => this.inner.listPins(), []);
  }
  removePin(questionKey: string): Promise<boolean> {
    return this.#guard("removePin", () => this.inner.removePin(questionKey), false, "write");
  }
  linkMessage(messageKey: string, answerId: string): Promise<void> {
    return this.#guard("linkMessage", () => this.inner.linkMessage(messageKey, answerId), undefined, "write");
  }

  answerOfMessage(messageKey: string): Promise<string | undefined> {
    return this.#guard("answerOfMessage", () => this.inner.answerOfMessage(messageKey), undefined);
  }

  claim(key: string, leaseMs: number, now?: Date): Promise<ClaimOutcome> {
    return this.#guard("claim", () => this.inner.claim(key, leaseMs, now), { outcome: "claimed" }, "write");
  }
  settle(key: string): Promise<void> {
    return this.#guard("settle", () => this.inner.settle(key), undefined, "write");
  }
  /** Skipped while the database is down: polling then confirms updates as it did before the inbox. */
  keepInbox(entries: readonly InboxEntry[]): Promise<void> {
    return this.#guard("keepInbox", () => this.inner.keepInbox(entries), undefined, "write");
  }
  inbox(source: string): Promise<InboxEntry[]> {
    return this.#guard("inbox", () => this.inner.inbox(source), []);
  }
  dropInbox(source: string, updateId: number): Promise<void> {
    return this.#guard("dropInbox", () => this.inner.dropInbox(source, updateId), undefined, "write");
  }
  pruneInbox(before: Date): Promise<number> {
    return this.#guard("pruneInbox", () => this.inner.pruneInbox(before), 0, "write");
  }
  take(key: string, bucket: RateBucket, now?: Date): Promise<RateHit> {
    return this.#guard("take", () => this.inner.take(key, bucket, now), { allowed: true, firstRefusal: false, retryAfterMs: 0 }, "write");
  }
  prune(now?: Date): Promise<void> {
    return this.#guard("prune", () => this.inner.prune(now), undefined, "write");
  }
  stats(options: { since: Date; until?: Date }): Promise<ReportData> {
    return this.#required("stats", () => this.inner.stats(options));
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
