import type { FeatureName } from "./scoring/features.js";
import { predict, type LogisticFit } from "./scoring/logistic.js";
import fitted from "./confidence.json" with { type: "json" };

/**
 * What the answer's confidence reads of a question and its top quote:
 * - the scorer's probability that the quote holds the answer (as log-odds);
 *   the scorer was fitted on SQuAD's exam-style questions, so on its own it
 *   is not calibrated for chat;
 * - whether the quote was moved up over a better-scoring one because only it
 *   holds the kind of answer asked for;
 * - the share of the question (words weighed by rarity) the corpus lacks,
 *   and the share the quote's paragraph holds;
 * - whether the question asked for a kind of answer (a date, a number, a
 *   person…) that the quote was checked to hold.
 */
export interface ConfidenceSigns {
  readonly probability: number;
  readonly movedUp: boolean;
  readonly unknownShare: number;
  readonly paragraphShare: number;
  readonly typeChecked: boolean;
  /** The answer scorer's features of the quote named in {@link CONFIDENCE_FEATURES}. */
  readonly features: readonly number[];
}

/**
 * Of the answer scorer's features, those that tell a quote that answers from
 * one that only shares words: how much of the question, and of its subject,
 * the sentence itself holds, and the heaviest question word missing near it.
 */
export const CONFIDENCE_FEATURES = [
  "sentenceOverlap",
  "subjectInSentence",
  "missingInWindow",
  "missingName",
  "longestRun",
] as const satisfies readonly FeatureName[];

export const CONFIDENCE_SIGNS = ["logitProbability", "movedUp", "unknownShare", "paragraphShare", "typeChecked", ...CONFIDENCE_FEATURES] as const;

const logit = (p: number) => Math.log(Math.max(1e-4, p) / Math.max(1e-4, 1 - p));

/** The signs as the confidence model reads them, in {@link CONFIDENCE_SIGNS} order. */
export function confidenceRow(signs: ConfidenceSigns): number[] {
  return [logit(signs.probability), Number(signs.movedUp), signs.unknownShare, signs.paragraphShare, Number(signs.typeChecked), ...signs.features];
}

/**
 * The confidence model: a logistic regression over the signs, fitted by
 * `npx tsx bench/fitConfidence.ts` on the chat development set (bench/chat/)
 * and the SQuAD subset, cross-validated; see bench/RESULTS.md for its
 * reliability table.
 */
export const CONFIDENCE_MODEL: LogisticFit = fitted as LogisticFit;

/** Calibrated probability (0–1, three decimals) that the quote answers the question. */
export function confidenceOf(signs: ConfidenceSigns, model: LogisticFit = CONFIDENCE_MODEL): number {
  return Math.round(predict(model, confidenceRow(signs)) * 1000) / 1000;
}
