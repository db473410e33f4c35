/**
 * Scores the answer service on a JSONL question file.
 *
 *   npm run eval -- FILE [--corpus DIR] [--verbose]
 *
 * Prints the hit rate on answerable questions, the abstention rate on the
 * others and the mean top-snippet length; `--verbose` lists every miss.
 */
import { readFile } from "node:fs/promises";
import { AnswerService } from "../answer/AnswerService.js";
import { parseQuestions, scoreQuestions } from "../eval/scoreQuestions.js";
import { refusalText } from "../render/wording.js";
import { parseCliArgs } from "./args.js";
import { runCli } from "./runCli.js";

await runCli(async () => {
  const { values, positionals, corpusDir } = parseCliArgs(process.argv.slice(2), { verbose: { type: "boolean", short: "v" } });
  const verbose = (values as { verbose?: boolean }).verbose === true;
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
