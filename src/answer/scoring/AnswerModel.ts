import type { SearchIndex } from "../../index/SearchIndex.js";
import type { AnalyzedQuestion } from "../analyzeQuestion.js";
import { candidateFeatures, FEATURE_NAMES } from "./features.js";
import { predict, type LogisticFit } from "./logistic.js";
import { AnswerModelError } from "./AnswerModelError.js";
import trained from "./weights.json" with { type: "json" };

/**
 * A trained answer scorer: logistic regression over the features of a
 * candidate sentence, giving the probability that it holds the answer, and
 * the one threshold below which the best candidate is not good enough to
 * quote. Written by `npm run train` to weights.json.
 */
export interface AnswerModel extends LogisticFit {
  readonly features: readonly string[];
  /** Probability the best sentence needs for the question to be answered. */
  readonly threshold: number;
  /** How many of the best paragraphs give candidates. */
  readonly paragraphCandidates: number;
  /** What it was trained on, for the record. */
  readonly trainedOn?: string;
}

/** Checks that a model reads the features in the order this code writes them. */
export function checkModel(model: AnswerModel): AnswerModel {
  if (model.features.length !== FEATURE_NAMES.length || model.features.some((name, i) => name !== FEATURE_NAMES[i])) {
    throw new AnswerModelError(FEATURE_NAMES, model.features);
  }
  return model;
}

/** The model shipped with the code, trained on the SQuAD subset. */
export const DEFAULT_MODEL: AnswerModel = trained as AnswerModel;

export interface ScoredSentence {
  readonly id: number;
  /** Probability that the sentence holds the answer. */
  readonly score: number;
}

/** The candidate sentences, most probable first; ties in corpus order, so answers are deterministic. */
export function scoreSentences(model: AnswerModel, question: AnalyzedQuestion, text: string, index: SearchIndex): ScoredSentence[] {
  return candidateFeatures(question, text, index, { paragraphCandidates: model.paragraphCandidates })
    .map((candidate) => ({ id: candidate.id, score: predict(model, candidate.features) }))
    .sort((a, b) => b.score - a.score || a.id - b.id);
}
