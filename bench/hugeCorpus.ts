/**
 * Start-up and reload of a corpus of one huge Markdown file, as the bot runs
 * them (HTTP server listening, ServiceHolder building the index): how long
 * `/healthz` goes unanswered, peak memory, and how late a question is
 * answered during the reload. In its own process; prints one JSON line.
 *
 *   node --expose-gc --import tsx bench/hugeCorpus.ts 50
 *
 * The file is generated into a temporary folder and removed afterwards.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { HttpServer } from "../src/http/HttpServer.js";
import { silentLogger } from "../src/logger.js";
import { ServiceHolder } from "../src/service/ServiceHolder.js";
import { loadSquad } from "./squad.js";
import { syntheticFiles } from "./synthetic.js";

/** One phase (start-up or reload), as the prober and the asker saw it. */
export interface HugePhase {
  readonly ms: number;
  /** Slowest `/healthz` answer, and how many were asked (one every 50 ms, one at a time). */
  readonly healthzMaxMs: number;
  readonly healthzProbes: number;
  /** Highest resident memory of the whole process during the phase. */
  readonly peakRssMiB: number;
}

export interface HugeCorpusResult {
  readonly megabytes: number;
  readonly paragraphs: number;
  readonly start: HugePhase;
  readonly reload: HugePhase & { readonly questionMaxMs: number; readonly questions: number };
  /** Resident memory with the HTTP server listening, before the corpus is read. */
  readonly baselineRssMiB: number;
  /** Resident memory once started and collected: what the served corpus costs. */
  readonly servingRssMiB: number;
  readonly askMs: number;
  /** Longest sentence of any answer to the sample questions. */
  readonly longestSnippet: number;
}

const QUESTIONS = ["When were the Normans in Normandy?", "What is the ISF?", "Who ruled the duchy of Normandy?"];

/** A Markdown file of about `megabytes` MB: SQuAD-based paragraphs, a heading every 20. */
function hugeMarkdown(megabytes: number): { text: string; paragraphs: number } {
  const target = megabytes * 1e6;
  const paragraphs = syntheticFiles(loadSquad(), 2000).flatMap((file) =>
    String(file.text)
      .replace(/^---[\s\S]*?---\n/, "")
      .trim()
      .split("\n\n"),
  );
  const parts: string[] = ["# A huge document\n"];
  let size = 0;
  let n = 0;
  while (size < target) {
    if (n % 20 === 0) parts.push(`## Part ${n / 20 + 1}\n`);
    const paragraph = `${paragraphs[n % paragraphs.length] ?? ""} (${n})\n`;
    parts.push(paragraph);
    size += paragraph.length + 1;
    n++;
  }
  return { text: parts.join("\n"), paragraphs: n };
}

/**
 * Probes `/healthz` and samples the process's memory from a thread of its
 * own, so a blocked main thread shows as a slow answer, not as a stopped probe.
 */
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const { memoryUsage } = require("node:process");
let max = 0, probes = 0, peak = 0, stop = false;
setInterval(() => { peak = Math.max(peak, memoryUsage.rss()); }, 20).unref();
parentPort.on("message", (message) => {
  if (message === "stop") { stop = true; return; }
  parentPort.postMessage({ max, probes, peak });
  max = 0; probes = 0; peak = memoryUsage.rss();
});
(async () => {
  while (!stop) {
    const started = performance.now();
    try { await fetch(workerData.url); } catch {}
    max = Math.max(max, performance.now() - started);
    probes++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.exit(0);
})();
`;

const megabytes = Number(process.argv[2] ?? "50");
const dir = await mkdtemp(join(tmpdir(), "cited-bench-huge-"));
const corpusDir = join(dir, "corpus");
const { text, paragraphs } = hugeMarkdown(megabytes);
await mkdir(corpusDir);
await writeFile(join(corpusDir, "huge.md"), text);

const http = new HttpServer({ port: 0, host: "127.0.0.1" });
const { port } = await http.listen();
const probe = new Worker(PROBE, { eval: true, workerData: { url: `http://127.0.0.1:${port}/healthz` } });
const report = () =>
  new Promise<{ max: number; probes: number; peak: number }>((resolve) => {
    probe.once("message", resolve);
    probe.postMessage("report");
  });
const MiB = 2 ** 20;

globalThis.gc?.();
const baselineRssMiB = process.memoryUsage.rss() / MiB;
await report();
let taught = 0;
const startedAt = performance.now();
const holder = await ServiceHolder.create({
  corpusDir,
  cacheDir: join(dir, "cache"),
  logger: silentLogger(),
  watch: false,
  // A taught document that changes on demand gives a new corpus version without touching the folder.
  extraFiles: () => [{ name: "taught.md", text: `# Taught\n\nThe bench taught this, version ${taught}.\n` }],
});
const startMs = performance.now() - startedAt;
const started = await report();

globalThis.gc?.();
const servingRssMiB = process.memoryUsage.rss() / MiB;
let longestSnippet = 0;
const asked = performance.now();
for (const question of QUESTIONS) {
  const answer = holder.current.ask(question);
  for (const snippet of answer.snippets) longestSnippet = Math.max(longestSnippet, snippet.text.length);
}
const askMs = (performance.now() - asked) / QUESTIONS.length;

await report();
taught = 1;
const reloadStarted = performance.now();
let done = false;
const reloading = holder.reload("bench").finally(() => (done = true));
// A question every 50 ms, as users would ask: its latency is how late it is answered.
let questionMaxMs = 0;
let questions = 0;
while (!done) {
  const due = performance.now() + 50;
  await new Promise((resolve) => setTimeout(resolve, 50));
  holder.current.ask(QUESTIONS[questions % QUESTIONS.length] ?? "");
  questionMaxMs = Math.max(questionMaxMs, performance.now() - due);
  questions++;
}
const reloaded = await reloading;
const reloadMs = performance.now() - reloadStarted;
const reloadProbe = await report();
if (!reloaded.ok) throw reloaded.error;

probe.postMessage("stop");
await holder.close();
await http.close();
await rm(dir, { recursive: true, force: true });
const result: HugeCorpusResult = {
  megabytes,
  paragraphs,
  start: { ms: startMs, healthzMaxMs: started.max, healthzProbes: started.probes, peakRssMiB: started.peak / MiB },
  reload: { ms: reloadMs, healthzMaxMs: reloadProbe.max, healthzProbes: reloadProbe.probes, peakRssMiB: reloadProbe.peak / MiB, questionMaxMs, questions },
  baselineRssMiB,
  servingRssMiB,
  askMs,
  longestSnippet,
};
console.log(JSON.stringify(result));
