import type { SearchIndex } from "../../index/SearchIndex.js";
import type { AnalyzedQuestion } from "../analyzeQuestion.js";
import { AnswerModelError } from "./AnswerModelError.js";
import { linearScore, type LinearRanker } from "./conditionalLogit.js";
import { candidateFeatures, FEATURE_NAMES } from "./features.js";
import { predict, type LogisticFit } from "./logistic.js";
import trained from "./weights.json" with { type: "json" };

/**
 * A trained answer scorer, written by `npm run train` to weights.json:
 * - `ranker`, a conditional logit over the features of the candidate
 *   sentences of one question, which orders them;
 * - `calibration`, a logistic regression that turns a candidate's features,
 *   ranking score and lead over the others into the probability that it
 *   holds the answer, comparable from question to question and corpus to corpus;
 * - `threshold`, the probability the best candidate needs to be quoted.
 */
export interface AnswerModel {
  readonly features: readonly string[];
  readonly ranker: LinearRanker;
  /** Over the candidate's features, its ranking score and its lead over the best other candidate. */
  readonly calibration: LogisticFit;
  readonly threshold: number;
  /**
   * A second judge, for questions on the corpus's topic: over a few signs
   * that a question only resembles its best passage (it negates what the
   * passage says, asks the opposite, names something the passage lacks), the
   * probability that the passage answers it, and the least it must be. The
   * first judge learns mostly from questions about other corpora, where
   * these signs are rare, so it gives them little weight.
   */
  readonly resemblance?: { readonly features: readonly string[]; readonly fit: LogisticFit; readonly threshold: number };
  /**
   * What orders the candidates: the learned ranker, or the hand-set ranking
   * it was meant to replace ("hand-tuned"), whichever cross-validated better;
   * the calibration then judges the best of them either way.
   */
  readonly order?: "ranker" | "hand-tuned";
  /** How many of the best paragraphs give candidates. */
  readonly paragraphCandidates: number;
  /** What it was trained on, for the record. */
  readonly trainedOn?: string;
}

/** Checks that a model reads the features in the order this code writes them. */
export function checkModel(model: AnswerModel): AnswerModel {
  const unknown = (model.resemblance?.features ?? []).some((name) => !(FEATURE_NAMES as readonly string[]).includes(name));
  if (unknown || model.features.length !== FEATURE_NAMES.length || model.features.some((name, i) => name !== FEATURE_NAMES[i])) {
    throw new AnswerModelError(FEATURE_NAMES, model.features);
  }
  return model;
}

/**
 * The signs the resemblance judge reads (see {@link AnswerModel.resemblance}):
 * few and general, so that it carries over to other corpora.
 */
export const RESEMBLANCE_FEATURES = [
  "negationUnmatched",
  "opposites",
  "missingName",
  "missingInWindow",
  "typeMissing",
] as const satisfies readonly (typeof FEATURE_NAMES)[number][];

/** A candidate's values of some features, by name. */
export function pickFeatures(features: ArrayLike<number>, names: readonly string[]): number[] {
  return names.map((name) => features[(FEATURE_NAMES as readonly string[]).indexOf(name)] ?? 0);
}

/** Whether the model's judges let a candidate with these features and this calibrated probability be quoted. */
export function passesJudges(model: AnswerModel, features: ArrayLike<number>, probability: number): boolean {
  if (probability < model.threshold) return false;
  const judge = model.resemblance;
  return !judge || predict(judge.fit, pickFeatures(features, judge.features)) >= judge.threshold;
}

/** The model shipped with the code, trained on the SQuAD subset. */
export const DEFAULT_MODEL: AnswerModel = trained as unknown as AnswerModel;

export interface ScoredSentence {
  readonly id: number;
  /** Probability that the sentence holds the answer. */
  readonly score: number;
  /** Its features, for the judges that decide whether the best candidate is quoted (see {@link passesJudges}). */
  readonly features: ArrayLike<number>;
}

/** What the calibration reads of a candidate. */
export function calibrationRow(features: ArrayLike<number>, score: number, lead: number): number[] {
  return [...Array.from(features), score, lead];
}

/** Probabilities from ranking scores: each candidate judged by its score and its lead over the best of the others. */
export function calibrate(model: AnswerModel, features: readonly ArrayLike<number>[], scores: readonly number[]): number[] {
  let first = -Infinity;
  let second = -Infinity;
  for (const s of scores) {
    if (s > first) [first, second] = [s, first];
    else if (s > second) second = s;
  }
  return scores.map((s, i) => {
    const other = s === first ? second : first;
    return predict(model.calibration, calibrationRow(features[i] ?? [], s, Number.isFinite(other) ? s - other : 0));
  });
}

const HAND = FEATURE_NAMES.indexOf("handTuned");

/** What orders a question's candidates, by the model's `order`. */
export function rankingScore(model: AnswerModel, row: ArrayLike<number>): number {
  return model.order === "ranker" ? linearScore(model.ranker, row) : (row[HAND] ?? 0);
}

/**
 * The candidate sentences in the ranker's order, each with its calibrated
 * probability; ties in corpus order, so answers are deterministic.
 */
export function scoreSentences(model: AnswerModel, question: AnalyzedQuestion, text: string, index: SearchIndex): ScoredSentence[] {
  const candidates = candidateFeatures(question, text, index, { paragraphCandidates: model.paragraphCandidates });
  const features = candidates.map((candidate) => candidate.features);
  const scores = features.map((row) => rankingScore(model, row));
  const probabilities = calibrate(model, features, scores);
  return candidates
    .map((candidate, i) => ({ id: candidate.id, rank: scores[i] ?? 0, score: probabilities[i] ?? 0, features: candidate.features }))
    .sort((a, b) => b.rank - a.rank || a.id - b.id)
    .map(({ id, score, features }) => ({ id, score, features }));
}
