/**
 * Measures one corpus size in its own process (so heaps do not mix):
 * build time, heap after build, and answer latency of the system, raw
 * MiniSearch and lunr on the same chunks. Prints one JSON line.
 *
 *   node --expose-gc --import tsx bench/speedWorker.ts article|squad|10000|100000
 */
import { readFileSync } from "node:fs";
import { AnswerService } from "../src/answer/AnswerService.js";
import { buildCorpus, loadCorpus } from "../src/corpus/loadCorpus.js";
import type { Corpus } from "../src/corpus/types.js";
import { parseQuestions } from "../src/eval/scoreQuestions.js";
import { lunrBaseline, miniSearchBaseline } from "./baselines.js";
import { loadSquad, squadFiles } from "./squad.js";
import { measure, type Latency } from "./stats.js";
import { syntheticFiles } from "./synthetic.js";

/** What the worker prints, as one JSON line. */
export interface SpeedResult {
  readonly size: string;
  readonly paragraphs: number;
  readonly sentences: number;
  readonly buildMs: number;
  readonly heapMB: number;
  readonly system: Latency;
  readonly raw: Latency;
  readonly lunr?: Latency;
  /** Every command of the bot, p50/p99: ask (as `system`), topic, summary (whole corpus), sources, suggest. */
  readonly commands: Readonly<Record<string, Latency>>;
}

const size = process.argv[2] ?? "article";
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

let corpus: Corpus;
let queries: string[];
if (size === "article") {
  corpus = await loadCorpus(new URL("../corpus", import.meta.url).pathname);
  queries = parseQuestions(readFileSync(new URL("../../shared/data/article-dev-questions.jsonl", import.meta.url), "utf8")).map((q) => q.q);
} else {
  const squad = loadSquad();
  const files =
    size === "squad"
      ? squadFiles(
          squad,
          squad.titles.map((_, i) => i),
        )
      : syntheticFiles(squad, Number(size));
  corpus = buildCorpus(files);
  queries = squad.questions.slice(0, 400).map((q) => q.question);
}

const before = heap();
const started = performance.now();
const service = new AnswerService(corpus);
const buildMs = performance.now() - started;
const heapMB = heap() - before;

// Fewer timed runs on the big corpora keep the whole bench within minutes.
const [warmup, runs] = service.index.paragraphs.length > 20_000 ? [200, 500] : [1000, 2000];
const system = measure(queries, (q) => service.ask(q), warmup, runs);
const miniSearch = miniSearchBaseline(service.index, "sentences");
const raw = measure(queries, (q) => miniSearch.search(q), warmup, runs);
// lunr builds too slowly to include at 100,000 paragraphs in a bench that should finish in minutes.
let lunr: Latency | undefined;
if (service.index.paragraphs.length <= 20_000) {
  const baseline = lunrBaseline(service.index, "sentences");
  lunr = measure(queries, (q) => baseline.search(q), warmup, runs);
}

// The other commands, each through the service as the bot calls it.
const sections = service.corpus.documents.flatMap((document) => document.sections.map((section) => section.slug));
const commands: Record<string, Latency> = {
  ask: system,
  topic: measure(sections, (slug) => service.topic({ sections: [slug] }), 50, 500),
  summary: measure(["all"], () => service.summarize(), 20, 200),
  sources: measure(["all"], () => service.sources(), 20, 200),
  suggest: measure(
    queries.map((q) => q.slice(0, 12)),
    (typed) => service.suggest(typed),
    50,
    500,
  ),
};

const result: SpeedResult = {
  size,
  paragraphs: service.index.paragraphs.length,
  sentences: service.index.sentences.length,
  buildMs,
  heapMB,
  system,
  raw,
  ...(lunr ? { lunr } : {}),
  commands,
};
console.log(JSON.stringify(result));
