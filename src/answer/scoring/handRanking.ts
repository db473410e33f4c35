/**
 * The hand-set ranking of candidate sentences, which the answer model reads
 * as one feature and orders candidates by (see `AnswerModel.order`): it
 * carries over to corpora unlike SQuAD (short news articles with headings)
 * better than a ranker learned on SQuAD, which loses article questions.
 *
 * Sentence BM25 gives precision and paragraph BM25 context (a sentence
 * saying "he" about the question's subject); small bonuses go to where a
 * document introduces its subject and to a sentence holding the kind of
 * answer asked for. Adding the question's IDF-weighted overlap with the
 * sentence (weight 2) quoted the answer 0.7 points more often on SQuAD,
 * cross-validated, but declined two more of 38 article questions written
 * for testing, so it is not part of it.
 */
export const HAND_RANKING = {
  /** Against 1 for the sentence's BM25 (both as shares of the best candidate's). */
  paragraphWeight: 0.9,
  /** For the first sentences of a document, falling with the sentence's position: breaks near-ties. */
  leadBonus: 0.05,
  /**
   * For a sentence holding the kind of answer asked for (a date for
   * "when…"): enough to prefer "opened to traffic in 1932" over "opened by
   * the mayor" for "when was the bridge opened?", not enough to lift a
   * sentence that only has a number.
   */
  answerKindBonus: 0.5,
} as const;

export interface HandRankingParts {
  /** Sentence BM25 as a share of the best candidate's. */
  readonly sentenceBm25: number;
  /** Paragraph BM25 as a share of the best paragraph's. */
  readonly paragraphBm25: number;
  /** Positions of the paragraph in its document and of the sentence in its paragraph, from 0. */
  readonly paragraphIndex: number;
  readonly sentenceIndex: number;
  readonly holdsKindAsked: boolean;
}

export function handRanking(parts: HandRankingParts): number {
  const { paragraphWeight, leadBonus, answerKindBonus } = HAND_RANKING;
  return (
    parts.sentenceBm25 +
    paragraphWeight * parts.paragraphBm25 +
    (parts.paragraphIndex === 0 ? leadBonus / (1 + parts.sentenceIndex) : 0) +
    (parts.holdsKindAsked ? answerKindBonus : 0)
  );
}
