import { AnswerService, type AnswerServiceOptions } from "../answer/AnswerService.js";
import type { AnswerModel } from "../answer/scoring/AnswerModel.js";
import { trainModel, type TrainOptions } from "./trainModel.js";
import { holdsGold, squadCorpus, squadDocumentId, type SquadSet } from "./squadFile.js";

/** Counts over the questions of the tested articles. */
export interface FoldCounts {
  answerable: number;
  /** Top snippet holds a gold answer, whole corpus indexed. */
  answerHits: number;
  /** … with the abstention threshold off, to show what abstaining costs. */
  answerHitsEverything: number;
  /** Top snippet comes from the gold paragraph. */
  paragraphHits: number;
  declinedAnswerable: number;
  topLength: number;
  answered: number;
  unanswerable: number;
  declinedUnanswerable: number;
  /** Answerable questions asked of a corpus without their article, and how many were declined. */
  elsewhere: number;
  declinedElsewhere: number;
}

export const emptyCounts = (): FoldCounts => ({
  answerable: 0,
  answerHits: 0,
  answerHitsEverything: 0,
  paragraphHits: 0,
  declinedAnswerable: 0,
  topLength: 0,
  answered: 0,
  unanswerable: 0,
  declinedUnanswerable: 0,
  elsewhere: 0,
  declinedElsewhere: 0,
});

/**
 * Scores a model on some articles of a SQuAD-format set: their answerable and
 * unanswerable questions against the corpus of every article, and their
 * answerable questions against the corpus of the other articles only.
 */
export function evaluateArticles(
  squad: SquadSet,
  tested: readonly number[],
  model: AnswerModel | undefined,
  options: AnswerServiceOptions = {},
  counts = emptyCounts(),
): FoldCounts {
  const all = squad.titles.map((_, i) => i);
  const withModel = { ...options, ...(model ? { model } : {}) };
  const service = new AnswerService(squadCorpus(squad, all), withModel);
  const everything = new AnswerService(service.corpus, { ...withModel, answerThreshold: 0, minAnswerCoverage: 0, minCoverage: 0 });
  for (const question of squad.answerable.filter((q) => tested.includes(q.article))) {
    counts.answerable++;
    const top = service.ask(question.question).snippets[0];
    if (!top) counts.declinedAnswerable++;
    else {
      counts.answered++;
      counts.topLength += top.text.length;
      if (holdsGold(top.text, question.answers)) counts.answerHits++;
      if (top.documentId === squadDocumentId(question.article) && top.paragraph === question.paragraph + 1) counts.paragraphHits++;
    }
    const anyway = everything.ask(question.question).snippets[0];
    if (anyway && holdsGold(anyway.text, question.answers)) counts.answerHitsEverything++;
  }
  for (const question of squad.unanswerable.filter((q) => tested.includes(q.article))) {
    counts.unanswerable++;
    if (!service.ask(question.question).answered) counts.declinedUnanswerable++;
  }
  const rest = all.filter((a) => !tested.includes(a));
  if (rest.length > 0) {
    const without = new AnswerService(squadCorpus(squad, rest), withModel);
    for (const question of squad.answerable.filter((q) => tested.includes(q.article))) {
      counts.elsewhere++;
      if (!without.ask(question.question).answered) counts.declinedElsewhere++;
    }
  }
  return counts;
}

export interface CrossValidation {
  readonly total: FoldCounts;
  readonly folds: readonly { readonly article: string; readonly counts: FoldCounts; readonly threshold: number }[];
}

/**
 * Article-wise cross-validation: for each article, train on the others and
 * test on it, so the figures predict a corpus the model has never seen.
 */
export function crossValidate(squad: SquadSet, options: TrainOptions = {}, serviceOptions: AnswerServiceOptions = {}): CrossValidation {
  const all = squad.titles.map((_, i) => i);
  const total = emptyCounts();
  const folds = all.map((article) => {
    const model = trainModel(
      squad,
      all.filter((a) => a !== article),
      options,
    );
    const counts = evaluateArticles(squad, [article], model, serviceOptions);
    for (const key of Object.keys(total) as (keyof FoldCounts)[]) total[key] += counts[key];
    return { article: squad.titles[article] ?? String(article), counts, threshold: model.threshold };
  });
  return { total, folds };
}

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

/** One line of figures for a fold or the total. */
export function formatCounts(c: FoldCounts): string {
  return [
    `answer@1 ${pct(c.answerHits, c.answerable)} (${c.answerHits}/${c.answerable}; ${pct(c.answerHitsEverything, c.answerable)} without abstaining)`,
    `paragraph@1 ${pct(c.paragraphHits, c.answerable)}`,
    `mean top ${c.answered === 0 ? "n/a" : (c.topLength / c.answered).toFixed(0)} chars`,
    `answerable declined ${pct(c.declinedAnswerable, c.answerable)}`,
    `unanswerable declined ${pct(c.declinedUnanswerable, c.unanswerable)}`,
    `not-indexed declined ${pct(c.declinedElsewhere, c.elsewhere)}`,
  ].join(" · ");
}
