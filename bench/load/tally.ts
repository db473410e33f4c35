/** One request the benchmark made of the bot: a Telegram message or a Discord interaction. */
export interface Asked {
  readonly key: string;
  /** When the fake pushed or dispatched it (`Date.now()`). */
  readonly at: number;
}

/** One successful reply the fake recorded for a request. */
export interface Reply {
  readonly at: number;
  /** Its text: the same text twice for one request is a duplicate (a long answer split in parts is not). */
  readonly text: string;
}

/** One line of the load report. */
export interface Row {
  readonly scenario: string;
  readonly sent: number;
  readonly answered: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Answered later than the row's `lateMs`; undefined where no bound applies. */
  readonly late?: number;
  readonly lateMs?: number;
  /** From the first request to the last first reply, in seconds. */
  readonly drainS?: number;
  readonly repliesPerS?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Peak resident memory of the bot's node process and of its whole process tree, in bytes. */
  readonly peakBot?: number;
  readonly peakTree?: number;
  readonly notes: string;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Counts, for requests and the replies recorded for each: answered (at least
 * one reply), lost (none), duplicated (some reply text sent more than once),
 * late (first reply after `lateMs`), latency of the first reply, drain time
 * and replies per second.
 */
export function tally(
  scenario: string,
  asked: readonly Asked[],
  repliesOf: (key: string) => readonly Reply[],
  options: { lateMs?: number; notes?: string; memory?: { bot: number; tree: number } } = {},
): Row {
  const latencies: number[] = [];
  let answered = 0;
  let duplicated = 0;
  let late = 0;
  let lastReply = 0;
  let firstAsked = Number.POSITIVE_INFINITY;
  for (const request of asked) {
    firstAsked = Math.min(firstAsked, request.at);
    const replies = repliesOf(request.key);
    if (replies.length === 0) continue;
    answered++;
    const first = Math.min(...replies.map((reply) => reply.at));
    lastReply = Math.max(lastReply, first);
    const latency = first - request.at;
    latencies.push(latency);
    if (options.lateMs !== undefined && latency > options.lateMs) late++;
    const copies = new Map<string, number>();
    for (const reply of replies) copies.set(reply.text, (copies.get(reply.text) ?? 0) + 1);
    if ([...copies.values()].some((count) => count > 1)) duplicated++;
  }
  latencies.sort((a, b) => a - b);
  const drainS = answered > 0 ? (lastReply - firstAsked) / 1000 : undefined;
  return {
    scenario,
    sent: asked.length,
    answered,
    lost: asked.length - answered,
    duplicated,
    ...(options.lateMs !== undefined ? { late, lateMs: options.lateMs } : {}),
    ...(drainS !== undefined ? { drainS, repliesPerS: drainS > 0 ? answered / drainS : answered } : {}),
    ...(latencies.length > 0 ? { p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) } : {}),
    ...(options.memory ? { peakBot: options.memory.bot, peakTree: options.memory.tree } : {}),
    notes: options.notes ?? "",
  };
}
