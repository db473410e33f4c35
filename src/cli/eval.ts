/**
 * Scores the answer service on a JSONL question file.
 *
 *   npm run eval -- FILE [--corpus DIR] [--verbose]
 *   npm run eval -- --pins [--corpus DIR]
 *
 * Prints the hit rate on answerable questions, the abstention rate on the
 * others and the mean top-snippet length; `--verbose` lists every miss.
 * `--pins` checks instead that every quote moderators pinned (in the store
 * of STORE_URL) is still in the corpus, and exits 1 listing those that are not.
 */
import { readFile } from "node:fs/promises";
import { AnswerService } from "../answer/AnswerService.js";
import { parseQuestions, scoreQuestions } from "../eval/scoreQuestions.js";
import { refusalText } from "../render/wording.js";
import { loadCorpus } from "../corpus/loadCorpus.js";
import { taughtFiles } from "../corpus/taughtDocument.js";
import { checkPins } from "../eval/checkPins.js";
import { openStore } from "../store/index.js";
import { parseCliArgs } from "./args.js";
import { storeOptionsFromEnv } from "./storeFromEnv.js";
import { runCli } from "./runCli.js";

await runCli(async () => {
  const { values, positionals, corpusDir } = parseCliArgs(process.argv.slice(2), { verbose: { type: "boolean", short: "v" }, pins: { type: "boolean" } });
  const verbose = (values as { verbose?: boolean }).verbose === true;
  if ((values as { pins?: boolean }).pins === true) return evalPins(corpusDir);
  const file = positionals[0];
  if (values.help || !file) {
    console.log("Usage: npm run eval -- FILE [--corpus DIR] [--verbose]");
    return values.help ? 0 : 2;
  }
  const service = await AnswerService.load(corpusDir);
  const report = scoreQuestions(parseQuestions(await readFile(file, "utf8")), (q) => service.ask(q));
  const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
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
  const store = await openStore({ ...storeOptionsFromEnv(), pruneEveryMs: 0 });
  try {
    const [pins, taught] = await Promise.all([store.listPins(), store.listTaught()]);
    // Pins may quote taught answers, which are part of what the bot answers from.
    const service = new AnswerService(await loadCorpus(corpusDir, taughtFiles(taught)));
    const checks = checkPins(pins, service);
    const broken = checks.filter((check) => !check.holds);
    for (const { pin } of broken) console.log(`BROKEN “${pin.question}” → “${pin.text}” (${pin.documentId}, ${pin.sectionSlug}): the quote is no longer in the document`);
    console.log(`pins: ${checks.length - broken.length}/${checks.length} hold`);
    return broken.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
