/** BM25 parameters, as MiniSearch names them. */
export interface Bm25Params {
  /** Term frequency saturation. */
  readonly k: number;
  /** Length normalisation. */
  readonly b: number;
  /** Floor for any match (BM25+). */
  readonly d: number;
}

/** MiniSearch's defaults, so sentence and paragraph scores behave alike. */
export const DEFAULT_BM25: Bm25Params = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * BM25+ relevance of one term in one field, with the same formula MiniSearch
 * uses for paragraphs (its `calcBM25Score`), so that the sentence scores
 * computed here rank the way a MiniSearch sentence index would.
 */
export function bm25(
  termFrequency: number,
  matching: number,
  total: number,
  fieldLength: number,
  averageLength: number,
  params: Bm25Params = DEFAULT_BM25,
): number {
  const { k, b, d } = params;
  const inverseFrequency = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return inverseFrequency * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageLength)));
}

/**
 * Weight of a match on a longer form of a query term, falling slowly with the
 * extra letters, as in MiniSearch's prefix search.
 */
export function prefixMatchWeight(queryTerm: string, matchedTerm: string, prefixWeight: number): number {
  const distance = matchedTerm.length - queryTerm.length;
  return (prefixWeight * matchedTerm.length) / (matchedTerm.length + 0.3 * distance);
}
