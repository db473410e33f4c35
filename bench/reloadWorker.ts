/**
 * Reload time and event-loop delay during a reload, for one corpus size, in
 * its own process. Prints one JSON line.
 *
 *   node --import tsx bench/reloadWorker.ts 10000
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { silentLogger } from "../src/logger.js";
import { ServiceHolder } from "../src/service/ServiceHolder.js";
import { syntheticFolder } from "./corpusFolder.js";

export interface ReloadResult {
  readonly size: string;
  /** A reload that builds a new index (the corpus changed). */
  readonly rebuild: { readonly ms: number; readonly maxDelayMs: number; readonly p99DelayMs: number };
  /** A reload back to a version whose index is saved. */
  readonly fromSaved: { readonly ms: number; readonly maxDelayMs: number; readonly p99DelayMs: number };
  /** Questions answered on the main thread while the rebuild ran. */
  readonly answeredDuring: number;
  /** The same asking loop for 3 s with no reload: what the machine itself adds. */
  readonly idle: { readonly maxDelayMs: number; readonly p99DelayMs: number };
}

const size = process.argv[2] ?? "10000";
const corpusDir = await syntheticFolder(Number(size));
const cacheDir = await mkdtemp(join(tmpdir(), "cited-bench-reload-"));
let taught = 0;
const holder = await ServiceHolder.create({
  corpusDir,
  cacheDir,
  logger: silentLogger(),
  watch: false,
  // A taught document that changes on demand gives a new corpus version without touching the folder.
  extraFiles: () => [{ name: "taught.md", text: `# Taught\n\nThe bench taught this, version ${taught}.\n` }],
});

async function idleDelay(): Promise<{ maxDelayMs: number; p99DelayMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const end = performance.now() + 3000;
  while (performance.now() < end) {
    holder.current.ask("When were the Normans in Normandy?");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  delay.disable();
  return { maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 };
}

async function timedReload(): Promise<{ ms: number; maxDelayMs: number; p99DelayMs: number; answered: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let done = false;
  let answered = 0;
  const reload = holder.reload("bench").finally(() => (done = true));
  // Keep asking, as a busy bot would, to show the thread stays free.
  while (!done) {
    if (holder.current.ask("When were the Normans in Normandy?").answered) answered++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const result = await reload;
  delay.disable();
  if (!result.ok) throw result.error;
  return { ms: result.ms, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, answered };
}

const idle = await idleDelay();
taught = 1;
const rebuild = await timedReload();
taught = 0;
const fromSaved = await timedReload();
await holder.close();
await rm(cacheDir, { recursive: true, force: true });
const out: ReloadResult = {
  size,
  rebuild: { ms: rebuild.ms, maxDelayMs: rebuild.maxDelayMs, p99DelayMs: rebuild.p99DelayMs },
  fromSaved: { ms: fromSaved.ms, maxDelayMs: fromSaved.maxDelayMs, p99DelayMs: fromSaved.p99DelayMs },
  answeredDuring: rebuild.answered,
  idle,
};
console.log(JSON.stringify(out));
