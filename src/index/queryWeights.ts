import type { QueryTerm } from "./types.js";

/** Each query term once, at the highest weight it was given. */
export function mergeWeights(terms: readonly QueryTerm[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  return weights;
}

/**
 * How much of the query a passage matched, counting each matched query term
 * by its weight. MiniSearch multiplies scores by the number of query terms
 * matched; weighting that count keeps a few low-weight alias terms from
 * outranking two real question words.
 */
export function coordination(matched: Iterable<string>, weights: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const term of matched) sum += weights.get(term) ?? 1;
  return sum;
}
