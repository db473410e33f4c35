export interface FairGateOptions {
  /**
   * Tasks that hold a place at once.
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * Longest a task holds its place once it starts its lease (before its
   * send): one still sending then (a retry after a 429, a hanging request)
   * goes on without it, so slow sends never hold up other chats. The work
   * before the lease always holds its place, so a busy CPU cannot make the
   * gate let everything in at once.
   * @default 250 ms: longer than a normal send, shorter than any retry
   */
  readonly leaseMs?: number;
}

const DEFAULTS = { concurrency: 8, leaseMs: 250 } satisfies Required<FairGateOptions>;

/**
 * Lets a few updates be answered at once and, when more wait, starts the
 * one whose chat has the fewest updates in this process (first come first
 * served among equals). A burst or a flood then fills the gaps instead of
 * the queue: a quiet chat's question is answered next, not after the
 * thousand before it, and the event loop never holds more work than a few
 * answers, so nothing queues behind the burst there either.
 */
export class FairGate {
  private readonly settings: Required<FairGateOptions>;
  private running = 0;
  private order = 0;
  private unbounded = false;
  private readonly waiting: Array<{ readonly key: string; readonly order: number; readonly start: () => void }> = [];
  /** Tasks given a place, each started on its own turn of the event loop. */
  private readonly starting: Array<() => void> = [];
  /** Updates of each chat in this process, from arrival until done. */
  private readonly backlog = new Map<string, number>();

  constructor(options: FairGateOptions = {}) {
    this.settings = { ...DEFAULTS, ...options };
  }

  /** Whether a task run now would wait for a place. */
  get full(): boolean {
    return this.running >= this.settings.concurrency && !this.unbounded;
  }

  /** Counts an update of `key`'s chat from its arrival; call the returned function when it is done. */
  arrived(key: string): () => void {
    this.backlog.set(key, (this.backlog.get(key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const count = (this.backlog.get(key) ?? 1) - 1;
      if (count > 0) this.backlog.set(key, count);
      else this.backlog.delete(key);
    };
  }

  /**
   * Runs `task` once a place is free and no chat with fewer updates is
   * waiting ahead of it; the task calls `lease()` where the place may start
   * to run out (before waiting on the network).
   */
  async run<T>(key: string, task: (lease: () => void) => Promise<T>): Promise<T> {
    if (this.running >= this.settings.concurrency && !this.unbounded) {
      await new Promise<void>((start) => this.waiting.push({ key, order: this.order++, start }));
    } else {
      this.running++;
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.next();
    };
    let timer: NodeJS.Timeout | undefined;
    const lease = () => {
      timer ??= setTimeout(release, this.settings.leaseMs);
    };
    try {
      return await task(lease);
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /**
   * Starts every waiting task now, and any later one at once: when the bot
   * stops, what it fetched must be answered within the stop's bound, and
   * fairness no longer matters.
   */
  unbind(): void {
    this.unbounded = true;
    for (const waiter of this.waiting.splice(0)) {
      this.running++;
      waiter.start();
    }
  }

  /** Hands a freed place to the waiting task whose chat has the smallest backlog. */
  private next(): void {
    if (this.waiting.length === 0) {
      this.running--;
      return;
    }
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const candidate = this.waiting[i]!;
      const current = this.waiting[best]!;
      const a = this.backlog.get(candidate.key) ?? 0;
      const b = this.backlog.get(current.key) ?? 0;
      if (a < b || (a === b && candidate.order < current.order)) best = i;
    }
    const [chosen] = this.waiting.splice(best, 1);
    this.starting.push(chosen!.start);
    if (this.starting.length === 1) setImmediate(this.startOne);
  }

  /**
   * Starts one chosen task per turn of the event loop, not from the finished
   * task's promise chain nor several in one turn: answers that never wait on
   * I/O (an in-process store, a cached index) would otherwise run back to
   * back, holding timers and sockets (a rate-limited callback's retry, a
   * deferral's send) for a whole burst or for several answers at a time.
   */
  private readonly startOne = (): void => {
    this.starting.shift()?.();
    if (this.starting.length > 0) setImmediate(this.startOne);
  };
}
