import type { HugeCorpusResult, HugePhase } from "./hugeCorpus.js";

/**
 * Figures of the run before issue 22 (2026-12-04, same machine, 50 MB, load
 * average about 1): the first build on the main thread, one 50 MB line of
 * JSON for the document in the saved index.
 */
export const HUGE_BEFORE = {
  megabytes: 50,
  start: { ms: 47_985, healthzMaxMs: 44_433, peakRssMiB: 1_829 },
  reload: { ms: 70_814, healthzMaxMs: 2_153, peakRssMiB: 2_475, questionMaxMs: 2_112 },
  servingRssMiB: 650,
} as const;

const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const mib = (x: number) => `${Math.round(x).toLocaleString("en")} MiB`;

/** The "Huge documents" section of bench/RESULTS.md. */
export function hugeSection(result: HugeCorpusResult, loadAverage: string): string[] {
  const perMb = (rss: number) => ((rss - result.baselineRssMiB) / result.megabytes).toFixed(1);
  const before = HUGE_BEFORE;
  const row = (name: string, phase: HugePhase, question: string, earlier: string) =>
    `| ${name} | ${s(phase.ms)} | ${s(phase.healthzMaxMs)} (${phase.healthzProbes} probes) | ${mib(phase.peakRssMiB)} (${perMb(phase.peakRssMiB)} MiB per MB) | ${question} | ${earlier} |`;
  return [
    "### Huge documents",
    "",
    `One Markdown file of ${result.megabytes} MB (${result.paragraphs.toLocaleString("en")} SQuAD-based paragraphs, a heading every 20; \`bench/hugeCorpus.ts\`, generated into a temporary folder), ` +
      "served as the bot serves it: the HTTP server listening, `/healthz` probed every 50 ms from another thread, the index built in the worker and restored on the main thread; " +
      `then a reload (a taught answer changed) with a question asked every 50 ms on the main thread. Memory is the whole process's resident set, sampled every 20 ms; per MB of corpus above the ${mib(result.baselineRssMiB)} of a bot with no corpus. Load average during the run: ${loadAverage}.`,
    "",
    "| phase | time | slowest `/healthz` | peak memory | slowest question | before (main-thread first build) |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    row("start-up", result.start, "", `${s(before.start.ms)}; /healthz ${s(before.start.healthzMaxMs)}; ${mib(before.start.peakRssMiB)}`),
    row(
      "reload",
      result.reload,
      `${s(result.reload.questionMaxMs)} (${result.reload.questions} asked)`,
      `${s(before.reload.ms)}; /healthz ${s(before.reload.healthzMaxMs)}; ${mib(before.reload.peakRssMiB)}; question ${s(before.reload.questionMaxMs)}`,
    ),
    "",
    `Serving: ${mib(result.servingRssMiB)} once started (${perMb(result.servingRssMiB)} MiB per MB of corpus; before: ${mib(before.servingRssMiB)}); a question ${s(result.askMs)} on average; longest snippet ${result.longestSnippet} characters.`,
    "",
  ];
}
