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
 * the JIT to settle (steady state is what a long-running bot sees).
 */
export function measure(queries: readonly string[], call: (query: string) => unknown, warmup = 1000, runs = 2000): Latency {
  for (let i = 0; i < warmup; i++) call(queries[i % queries.length] ?? "");
  const times: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    call(queries[i % queries.length] ?? "");
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), perSecond: runs / total, samples: runs };
}
