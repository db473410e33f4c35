/**
 * Asks the answer service from the command line.
 *
 *   npm run ask -- "What is the ISF?"             quotes with citations
 *   npm run --silent ask -- --json "What is…?"    one JSON object
 *   npm run --silent ask -- --json < questions    one JSON object per input line (JSONL)
 *
 *   npm run --silent ask -- --json --auto < chat  judge each line as a chat message the bot may answer on its own
 *
 * Options: --corpus DIR (else CORPUS_DIR, else the bundled corpus), --json,
 * --auto (answer only questions to the documents at or above the threshold),
 * --threshold X (the least confidence --auto answers at, 0–1).
 * Several words are one question (`npm run ask -- what is the ISF?` works
 * unquoted, as people type it); to ask several, pipe them one per line.
 */
import { AnswerService } from "../answer/AnswerService.js";
import { DEFAULT_AUTO_ANSWER_OPTIONS, judgeMessage, type AutoDecision } from "../answer/judgeMessage.js";
import { loadCorpus } from "../corpus/loadCorpus.js";
import { fetchedFiles, fetchSources } from "../sources/fetchSources.js";
import { PoliteFetcher } from "../sources/PoliteFetcher.js";
import { sourcesSettings } from "../sources/sourcesSettings.js";
import type { Answer } from "../answer/types.js";
import { problemWarning } from "../corpus/problemWarning.js";
import { renderAnswerText } from "../render/text.js";
import { refusalText } from "../render/wording.js";
import { parseCliArgs } from "./args.js";
import { readLines } from "../adapters/console/readLines.js";
import { runCli } from "./runCli.js";

/**
 * The corpus's web documents as fetched last; sources never fetched are
 * fetched once now, so a new sources.yaml answers at once.
 */
async function webDocuments(corpusDir: string) {
  const { cacheDir, allowPrivate } = sourcesSettings();
  const fetched = await fetchedFiles(corpusDir, cacheDir);
  if (fetched.neverFetched.length === 0) return fetched.files;
  for (const report of await fetchSources(corpusDir, cacheDir, new PoliteFetcher({ allowPrivate }))) {
    if (report.error) console.error(`warning: could not fetch ${report.url}: ${report.error}`);
  }
  return (await fetchedFiles(corpusDir, cacheDir)).files;
}

const USAGE = `Usage: npm run ask -- [--json] [--auto [--threshold X]] [--corpus DIR] ["question"]
       npm run ask -- [--corpus DIR] --timeline "topic"   (JSON: dated key sentences, oldest first)
Words after the options form one question. With no question, reads one
question per line from standard input and answers each (JSONL with --json).
--auto judges each line as a chat message the bot would answer on its own:
only questions to the documents whose confidence reaches the threshold
(default ${DEFAULT_AUTO_ANSWER_OPTIONS.threshold}, or --threshold X between 0 and 1) are answered.`;

await runCli(async () => {
  const { values, positionals, corpusDir } = parseCliArgs(process.argv.slice(2), {
    json: { type: "boolean" },
    auto: { type: "boolean" },
    threshold: { type: "string" },
    timeline: { type: "string" },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const flags = values as { json?: boolean; auto?: boolean; threshold?: string };
  const json = flags.json === true;
  const threshold = flags.threshold === undefined ? DEFAULT_AUTO_ANSWER_OPTIONS.threshold : Number(flags.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1 || flags.threshold?.trim() === "") {
    console.error(`error: --threshold must be a number from 0 to 1, not "${flags.threshold ?? ""}"`);
    console.error(USAGE);
    return 2;
  }
  const service = new AnswerService(await loadCorpus(corpusDir, await webDocuments(corpusDir)));
  for (const problem of service.corpus.problems) console.error(`warning: ${problemWarning(problem)}`);
  // JSON keeps `reason`, a sentence for people, beside the stable identifier.
  const toJson = (answer: Answer) => JSON.stringify(answer.answered ? answer : { ...answer, reason: refusalText(answer) });
  const printAnswer = (answer: Answer) => process.stdout.write(`${json ? toJson(answer) : `${renderAnswerText(answer)}\n`}\n`);
  const printDecision = (decision: AutoDecision) =>
    process.stdout.write(
      `${json ? JSON.stringify(decision) : decision.answered ? `${renderAnswerText({ ...decision, answered: true })}\n` : `(left alone: ${decision.identifier})`}\n`,
    );
  const handle = (line: string) => (flags.auto ? printDecision(judgeMessage(service, line, { threshold })) : printAnswer(service.ask(line)));

  const timeline = (values as { timeline?: string }).timeline;
  if (timeline !== undefined) {
    // A timeline is a list of dated, cited points: JSON is its one form.
    process.stdout.write(`${JSON.stringify(service.timeline(timeline))}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    handle(positionals.join(" "));
    return 0;
  }
  if (process.stdin.isTTY) {
    console.error(USAGE);
    return 2;
  }
  // Every input line gets exactly one output line, empty ones included, so
  // answers can be matched to questions by position.
  for await (const line of readLines(process.stdin)) handle(line);
  return 0;
}, USAGE);
