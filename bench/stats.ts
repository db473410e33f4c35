/** Latency summary of a run of timed calls. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  /** Calls per second over the timed run. */
  readonly perSecond: number;
  readonly samples: number;
}

/**
 * Times `call` on each query, in milliseconds, after a warm-up long enough for
 * the JIT to settle (steady state is what a long-running bot sees). Each phase
 * also stops after `maxSeconds`, so that a slow baseline on a large corpus
 * (raw MiniSearch takes seconds a query at 100,000 paragraphs) cannot hold the
 * whole bench for an hour; `samples` says how many calls were timed.
 */
export function measure(queries: readonly string[], call: (query: string) => unknown, warmup = 1000, runs = 2000, maxSeconds = 15): Latency {
  const deadline = (seconds: number) => performance.now() + seconds * 1000;
  const warmupEnd = deadline(maxSeconds / 3);
  for (let i = 0; i < warmup && performance.now() < warmupEnd; i++) call(queries[i % queries.length] ?? "");
  const times: number[] = [];
  const end = deadline(maxSeconds);
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs && (i < 20 || performance.now() < end); i++) {
    const t = process.hrtime.bigint();
    call(queries[i % queries.length] ?? "");
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), perSecond: times.length / total, samples: times.length };
}
