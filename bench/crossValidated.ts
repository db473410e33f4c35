/**
 * The answer scorer's figures under article-wise cross-validation: for each
 * SQuAD article, a model trained on the other five answers its questions,
 * so the figures predict a corpus nobody tuned for (issue 12).
 */
import { crossValidate, type FoldCounts } from "../src/eval/crossValidate.js";
import { readSquad } from "../src/eval/squadFile.js";
import { SQUAD_FILE } from "./squad.js";

/** Issue 12's targets. */
export const QUALITY_TARGETS = {
  answerAt1: 0.87,
  meanLength: 300,
  notIndexedDeclined: 0.9,
  unanswerableDeclined: 0.25,
  maxAnswerDrop: 0.02,
};

/** Figures of the engine before the learned scorer (bench/RESULTS.md at commit e67315e), for comparison. */
const BEFORE = { answerAt1: 0.824, paragraphAt1: 0.839, meanLength: 234, notIndexedDeclined: 0.893 };

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

function row(name: string, c: FoldCounts): string {
  return `| ${name} | ${pct(c.answerHits, c.answerable)} | ${pct(c.answerHitsEverything, c.answerable)} | ${pct(c.paragraphHits, c.answerable)} | ${c.answered === 0 ? "" : (c.topLength / c.answered).toFixed(0)} | ${pct(c.declinedElsewhere, c.elsewhere)} | ${pct(c.declinedUnanswerable, c.unanswerable)} |`;
}

/** Markdown lines: per-article folds, the total, and the targets. */
export function crossValidatedSection(lunrParagraphs?: { answerAt1: number; meanLength: number }): string[] {
  const squad = readSquad(SQUAD_FILE);
  const { total, folds } = crossValidate(squad);
  const lines = [
    "## Answer scorer, cross-validated",
    "",
    "Article-wise cross-validation of the learned answer scorer (`npm run train`): for each of the 6 SQuAD articles, a model trained on the other 5 answers that article's questions " +
      "with all 6 articles indexed (answer@1, paragraph@1, mean top length; unanswerable questions declined) and with the other 5 only (questions about an article not indexed, declined). " +
      "\"Answering everything\" turns the model's abstention threshold and the coverage tests off, to show what abstaining costs.",
    "",
    "| tested article | answer@1 | answering everything | paragraph@1 | mean top length | not indexed, declined | unanswerable, declined |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...folds.map((fold) => row(fold.article, fold.counts)),
    row("**all, cross-validated**", total),
    `| before the learned scorer (whole corpus, hand-set weights; not cross-validated) | ${pct(BEFORE.answerAt1, 1)} | | ${pct(BEFORE.paragraphAt1, 1)} | ${BEFORE.meanLength} | ${pct(BEFORE.notIndexedDeclined, 1)} (4 indexed / 2 held out) | |`,
    "",
  ];
  const answerAt1 = total.answerHits / total.answerable;
  const drop = (total.answerHitsEverything - total.answerHits) / total.answerable;
  const meanLength = total.topLength / Math.max(1, total.answered);
  const notIndexed = total.declinedElsewhere / Math.max(1, total.elsewhere);
  const unanswerable = total.declinedUnanswerable / Math.max(1, total.unanswerable);
  lines.push(
    "| issue 12 target (cross-validated) | measured | |",
    "| --- | ---: | --- |",
    `| answer@1 ≥ ${pct(QUALITY_TARGETS.answerAt1, 1)} | ${pct(answerAt1, 1)} | ${verdict(answerAt1 >= QUALITY_TARGETS.answerAt1)} |`,
    `| mean top snippet ≤ ${QUALITY_TARGETS.meanLength} | ${meanLength.toFixed(0)} | ${verdict(meanLength <= QUALITY_TARGETS.meanLength)} |`,
    `| questions about articles not indexed, declined ≥ ${pct(QUALITY_TARGETS.notIndexedDeclined, 1)} | ${pct(notIndexed, 1)} | ${verdict(notIndexed >= QUALITY_TARGETS.notIndexedDeclined)} |`,
    `| unanswerable questions about indexed articles, declined ≥ ${pct(QUALITY_TARGETS.unanswerableDeclined, 1)} | ${pct(unanswerable, 1)} | ${verdict(unanswerable >= QUALITY_TARGETS.unanswerableDeclined)} |`,
    `| answer@1 lost to abstaining ≤ ${(QUALITY_TARGETS.maxAnswerDrop * 100).toFixed(0)} points | ${(drop * 100).toFixed(1)} points | ${verdict(drop <= QUALITY_TARGETS.maxAnswerDrop)} |`,
  );
  if (lunrParagraphs) {
    const ok = answerAt1 > lunrParagraphs.answerAt1 && meanLength <= lunrParagraphs.meanLength / 3;
    lines.push(
      `| beat lunr over whole paragraphs (${pct(lunrParagraphs.answerAt1, 1)} at ${lunrParagraphs.meanLength.toFixed(0)} characters) at a third of its length | ${pct(answerAt1, 1)} at ${meanLength.toFixed(0)} characters | ${verdict(ok)} |`,
    );
  }
  lines.push("");
  return lines;
}
