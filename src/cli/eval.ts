/**
 * Scores the answer service on a question file.
 *
 *   npm run eval -- FILE [--corpus DIR] [--verbose]
 *   npm run eval -- --squad FILE [--verbose]
 *   npm run eval -- --pins [--corpus DIR]
 *
 * JSONL mode prints the hit rate on answerable questions, the abstention rate
 * on the others and the mean top-snippet length; `--verbose` lists every miss.
 * SQuAD mode indexes the file's own articles and breaks the misses down by
 * cause (declined, wrong document, wrong paragraph, right paragraph but wrong
 * sentence); `--verbose` lists them.
 * `--pins` checks instead that every quote moderators pinned (in the store
 * of STORE_URL) is still in the corpus, and exits 1 listing those that are not.
 */
import { readFile } from "node:fs/promises";
import { AnswerService } from "../answer/AnswerService.js";
import { MISS_CAUSES, scoreSquad } from "../eval/missCauses.js";
import { parseQuestions, scoreQuestions } from "../eval/scoreQuestions.js";
import { refusalText } from "../render/wording.js";
import { loadCorpus } from "../corpus/loadCorpus.js";
import { taughtFiles } from "../corpus/taughtDocument.js";
import { checkPins } from "../eval/checkPins.js";
import { openStore } from "../store/index.js";
import { readSquad, squadCorpus } from "../eval/squadFile.js";
import { parseCliArgs } from "./args.js";
import { storeOptions } from "./storeOptions.js";
import { configSecrets, readConfig } from "../config/readConfig.js";
import { createLogger } from "../logger.js";
import { runCli } from "./runCli.js";

const USAGE =
  "Usage: npm run eval -- FILE [--corpus DIR] [--verbose]\n       npm run eval -- --squad FILE [--verbose]\n       npm run eval -- --pins [--corpus DIR]";

/** The flags of eval beyond the shared ones; one entry per flag keeps new ones a line each. */
const FLAGS = {
  verbose: { type: "boolean", short: "v" },
  squad: { type: "string" },
  pins: { type: "boolean" },
} as const;

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

function evalSquad(file: string, verbose: boolean): number {
  const squad = readSquad(file);
  const service = new AnswerService(
    squadCorpus(
      squad,
      squad.titles.map((_, i) => i),
    ),
  );
  const report = scoreSquad(squad, (q) => service.ask(q));
  if (verbose) {
    for (const miss of report.misses) {
      const top = miss.answer.snippets[0];
      console.log(`MISS [${miss.outcome}] ${miss.question.question}`);
      console.log(`     gold: ${miss.question.answers.join(" | ")}`);
      console.log(`     got:  ${top ? top.text : `(declined: ${miss.answer.answered ? "" : refusalText(miss.answer)})`}`);
    }
  }
  const misses = report.answerable - report.counts.hit;
  console.log(`answer@1:   ${report.counts.hit}/${report.answerable} (${pct(report.counts.hit, report.answerable)}) top snippet holds a gold answer`);
  console.log(`misses:     ${misses}`);
  for (const cause of MISS_CAUSES)
    console.log(`  ${cause.padEnd(16)} ${String(report.counts[cause]).padStart(5)} (${pct(report.counts[cause], misses)} of misses)`);
  console.log(`  answer in the 2nd or 3rd snippet: ${report.inLaterSnippet}`);
  console.log(`unanswerable declined: ${report.declinedUnanswerable}/${report.unanswerable} (${pct(report.declinedUnanswerable, report.unanswerable)})`);
  console.log(`top snippet: ${report.meanTopLength.toFixed(0)} characters on average`);
  return 0;
}

await runCli(async () => {
  const { values, positionals, corpusDir } = parseCliArgs(process.argv.slice(2), FLAGS);
  const options = values as { verbose?: boolean; squad?: string; pins?: boolean; help?: boolean };
  const verbose = options.verbose === true;
  if (options.squad !== undefined) return evalSquad(options.squad, verbose);
  if (options.pins === true) return evalPins(corpusDir);
  const file = positionals[0];
  if (options.help || !file) {
    console.log(USAGE);
    return options.help ? 0 : 2;
  }
  const service = await AnswerService.load(corpusDir);
  const report = scoreQuestions(parseQuestions(await readFile(file, "utf8")), (q) => service.ask(q));
  for (const result of report.results) {
    if (result.pass && !verbose) continue;
    const top = result.answer.snippets[0];
    console.log(`${result.pass ? "ok  " : "MISS"} ${result.question.q}`);
    if (!result.pass) console.log(`     got: ${result.answer.answered ? `[${top?.section}] ${top?.text}` : `(declined: ${refusalText(result.answer)})`}`);
  }
  console.log(`answerable: ${report.hits}/${report.answerable} (${pct(report.hits, report.answerable)}) top snippet contains an expected phrase`);
  console.log(`abstain:    ${report.abstained}/${report.unanswerable} (${pct(report.abstained, report.unanswerable)}) declined`);
  console.log(`top snippet: ${report.meanTopLength.toFixed(0)} characters on average`);
  return 0;
});

/** `--pins`: exit 0 when every pin holds, 1 with the list of those that broke. */
async function evalPins(corpusDir: string): Promise<number> {
  const config = readConfig();
  const store = await openStore({ ...storeOptions(config), pruneEveryMs: 0, logger: createLogger(config.logLevel ?? "warn", configSecrets(config)) });
  try {
    const [pins, taught] = await Promise.all([store.teaching.listPins(), store.teaching.listTaught()]);
    // Pins may quote taught answers, which are part of what the bot answers from.
    const service = new AnswerService(await loadCorpus(corpusDir, taughtFiles(taught)));
    const checks = checkPins(pins, service);
    const broken = checks.filter((check) => !check.holds);
    for (const { pin } of broken)
      console.log(`BROKEN “${pin.question}” → “${pin.text}” (${pin.documentId}, ${pin.sectionSlug}): the quote is no longer in the document`);
    console.log(`pins: ${checks.length - broken.length}/${checks.length} hold`);
    return broken.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
