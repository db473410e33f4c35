import type { Logger } from "../logger.js";
import type { AnswerRecord, ClaimOutcome, DownvotedAnswer, Gap, InboxEntry, Pin, Platform, RateHit, ReportData, Store, TaughtEntry, VoteOutcome } from "./types.js";

export interface ResilienceOptions {
  /**
   * How often an unreachable database is tried again.
   * @default 2000 (ms): a short outage ends in seconds without hammering a database that is down
   */
  recheckEveryMs?: number;
  /** Called by close(), for timers the opener owns. */
  onClose?: () => void;
}

/**
 * A store that never stops the bot. When the database cannot be reached,
 * writes are skipped, reads come back empty or "unknown", `claim` says yes
 * (answering twice beats not answering) and `hit` allows; that is logged once,
 * and once more when a background check finds the database back. While it is
 * down, calls return at once instead of waiting on connection timeouts.
 *
 * An error on a reachable database (a bug, a constraint) is logged and
 * answered the same way, but does not mark the store down.
 */
export class ResilientStore implements Store {
  #healthy = true;
  #recheck: NodeJS.Timeout | undefined;
  readonly #recheckEveryMs: number;

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

  get healthy(): boolean {
    return this.#healthy;
  }

  hashUser(platform: Platform, userId: string): string {
    return this.inner.hashUser(platform, userId);
  }

  recordAnswer(record: AnswerRecord): Promise<void> {
    return this.#guard("recordAnswer", () => this.inner.recordAnswer(record), undefined);
  }
  getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return this.#guard("getAnswer", () => this.inner.getAnswer(id), undefined);
  }
  vote(answerId: string, userHash: string, value: 1 | -1): Promise<VoteOutcome> {
    return this.#guard("vote", () => this.inner.vote(answerId, userHash, value), "unknown-answer" as const);
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
    return this.#guard("removeTaught", () => this.inner.removeTaught(id), false);
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
    return this.#guard("removePin", () => this.inner.removePin(questionKey), false);
  }
  linkMessage(messageKey: string, answerId: string): Promise<void> {
    return this.#guard("linkMessage", () => this.inner.linkMessage(messageKey, answerId), undefined);
  }

  answerOfMessage(messageKey: string): Promise<string | undefined> {
    return this.#guard("answerOfMessage", () => this.inner.answerOfMessage(messageKey), undefined);
  }

  claim(key: string, leaseMs: number, now?: Date): Promise<ClaimOutcome> {
    return this.#guard("claim", () => this.inner.claim(key, leaseMs, now), { outcome: "claimed" });
  }
  settle(key: string): Promise<void> {
    return this.#guard("settle", () => this.inner.settle(key), undefined);
  }
  /** Skipped while the database is down: polling then confirms updates as it did before the inbox. */
  keepInbox(entries: readonly InboxEntry[]): Promise<void> {
    return this.#guard("keepInbox", () => this.inner.keepInbox(entries), undefined);
  }
  inbox(source: string): Promise<InboxEntry[]> {
    return this.#guard("inbox", () => this.inner.inbox(source), []);
  }
  dropInbox(source: string, updateId: number): Promise<void> {
    return this.#guard("dropInbox", () => this.inner.dropInbox(source, updateId), undefined);
  }
  pruneInbox(before: Date): Promise<number> {
    return this.#guard("pruneInbox", () => this.inner.pruneInbox(before), 0);
  }
  hit(key: string, windowMs: number, limit: number, now?: Date): Promise<RateHit> {
    return this.#guard("hit", () => this.inner.hit(key, windowMs, limit, now), { allowed: true, count: 0, firstRefusal: false });
  }
  prune(now?: Date): Promise<void> {
    return this.#guard("prune", () => this.inner.prune(now), undefined);
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

  async #guard<T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> {
    if (!this.#healthy) return fallback;
    try {
      return await run();
    } catch (error) {
      await this.#failed(operation, error);
      return fallback;
    }
  }

  async #required<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (!this.#healthy) throw new Error(`store unreachable: ${operation} not done`);
    try {
      return await run();
    } catch (error) {
      await this.#failed(operation, error);
      throw error;
    }
  }

  /** Tells an outage from a failed query by asking the database whether it is there. */
  async #failed(operation: string, error: unknown): Promise<void> {
    const reachable = await this.inner.ping().then(
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
