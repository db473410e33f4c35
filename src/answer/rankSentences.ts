import { withDefaults } from "../withDefaults.js";
import { holdsAnswer, type AnswerKind } from "./expectedAnswer.js";
import type { QueryTerm, SearchIndex } from "../index/SearchIndex.js";

export interface RankOptions {
  /**
   * Weight of the paragraph's relevance in a sentence's score, against 1 for
   * the sentence's own relevance.
   * @default 0.9: the paragraph gives context (a sentence saying "he" about
   * the question's subject), the sentence gives precision
   */
  readonly paragraphWeight?: number;
  /**
   * How many of the best paragraphs contribute their sentences as candidates.
   * @default 5: on SQuAD, the answer sentence lies outside the best five
   * paragraphs' sentences no more often with 3 or 10, and each paragraph
   * more is more sentences to score
   */
  readonly paragraphCandidates?: number;
  /**
   * Bonus for the first sentences of a document, which in most writing state
   * its subject; breaks near-ties in favour of where a topic is introduced.
   * @default 0.05
   */
  readonly leadBonus?: number;
  /**
   * Bonus for a sentence that holds the kind of answer the question asks for
   * (a date for "when …", a number for "how many …").
   * @default 0.5: about half a normalised relevance, enough to prefer "opened
   * to traffic in 1932" over "opened by the mayor" for "when was the bridge
   * opened?", not enough to lift a sentence that only has a number. On SQuAD
   * it adds 3 right answers of 995 (820 against 817), with no change on the
   * article questions.
   */
  readonly answerKindBonus?: number;
}

export const DEFAULT_RANK_OPTIONS = {
  paragraphWeight: 0.9,
  paragraphCandidates: 5,
  leadBonus: 0.05,
  answerKindBonus: 0.5,
} as const satisfies Required<RankOptions>;

export interface RankedSentence {
  readonly id: number;
  readonly score: number;
}

/**
 * Ranks sentences by their own relevance plus their paragraph's: paragraph
 * level accuracy with sentence level precision. With the `kind` of answer the
 * question asks for, sentences that hold one rank a little higher. Ties are
 * broken by corpus order, so the same question always gets the same answer.
 */
export function rankSentences(index: SearchIndex, terms: readonly QueryTerm[], options: RankOptions = {}, kind?: AnswerKind): RankedSentence[] {
  const { answerKindBonus, paragraphWeight, paragraphCandidates, leadBonus } = withDefaults(DEFAULT_RANK_OPTIONS, options);

  const paragraphHits = index.searchParagraphs(terms, paragraphCandidates);
  if (paragraphHits.length === 0) return [];
  const topParagraph = paragraphHits[0]?.score ?? 1;
  const paragraphScore = new Map(paragraphHits.map((hit) => [hit.id, hit.score / topParagraph]));

  const candidates = paragraphHits.flatMap((hit) => index.sentencesOfParagraph[hit.id] ?? []);
  const sentenceHits = index.scoreSentences(candidates, terms);
  const topSentence = sentenceHits[0]?.score ?? 1;
  const sentenceScore = new Map(sentenceHits.map((hit) => [hit.id, hit.score / topSentence]));

  const ranked: RankedSentence[] = [];
  for (const id of candidates) {
    const ref = index.sentences[id];
    if (!ref) continue;
    const lead = ref.paragraph.index === 0 ? leadBonus / (1 + ref.sentence.index) : 0;
    const fits = kind !== undefined && holdsAnswer(kind, ref.sentence.text) ? answerKindBonus : 0;
    const score =
      (sentenceScore.get(id) ?? 0) + paragraphWeight * (paragraphScore.get(ref.paragraphId) ?? 0) + lead + fits;
    ranked.push({ id, score });
  }
  return ranked.sort((a, b) => b.score - a.score || a.id - b.id);
}
