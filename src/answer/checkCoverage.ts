import { englishRarity, isEverydayWord } from "../index/englishRarity.js";
import type { SearchIndex } from "../index/SearchIndex.js";
import type { AnalyzedQuestion, QuestionWord } from "./analyzeQuestion.js";
import type { Refusal } from "./types.js";
import { withDefaults } from "../withDefaults.js";

export interface CoverageOptions {
  /**
   * Share of the question's meaning (its words weighted by rarity) that the
   * corpus must contain for an answer to be attempted.
   * @default 0.4, so a question whose main subject the corpus never mentions is
   * refused, while a paraphrase with a few words of its own ("hesitate" for
   * "cautious") is still answered
   */
  readonly minCoverage?: number;
  /**
   * Share of the question's meaning that the paragraph of the best answer
   * must contain. When the question's words are only found scattered over
   * unrelated passages, the corpus is answering some other question.
   * @default 0.35: together with the answer scorer's threshold (which
   * catches much of what a stricter share would), cross-validated on SQuAD it
   * declines 90% of questions about documents not in the corpus for 1.1
   * points of answer@1; 0.4 declined 92% for 2.0 points
   */
  readonly minAnswerCoverage?: number;
}

export const DEFAULT_COVERAGE_OPTIONS = { minCoverage: 0.4, minAnswerCoverage: 0.35 } as const satisfies Required<CoverageOptions>;

/**
 * Words of everyday English up to this rank (SUBTLEX-US) are not what a
 * question is about when the corpus lacks them: "uncle", "headline", "vibes",
 * "byline" and "veto" come in chat around a subject the corpus does hold.
 * About here the list reaches words such as "ceasefire", which do name one.
 */
const EVERYDAY_RANK = 30_000;
/** What a missing everyday word still weighs, as a share of its rarity weight: a little, so a question of nothing but such words is still declined. */
const EVERYDAY_SHARE = 0.25;

/** Whether a question word could be its subject: a name, or a word rare in everyday English. */
export function isSubjectWord(word: QuestionWord): boolean {
  return word.isName || !isEverydayWord(word.surface, EVERYDAY_RANK);
}

export type Coverage = { readonly covered: true } | ({ readonly covered: false } & Refusal);

/**
 * Decides whether the corpus can answer a question at all, before ranking:
 * a ranker always returns *something*, so refusing has to rest on what the
 * corpus contains. A question is refused when a name it asks about appears
 * nowhere in the corpus, or when most of its (rarity-weighted) words do not.
 */
export function checkCoverage(question: AnalyzedQuestion, index: SearchIndex, options: CoverageOptions = {}, askedThing?: readonly string[]): Coverage {
  const { minCoverage } = withDefaults(DEFAULT_COVERAGE_OPTIONS, options);
  const inCorpus = (term: string) => index.hasTerm(term);
  // A word the corpus knows by another name ("UNSC" → "Security Council") is known.
  const aliasKnown = (word: QuestionWord) => aliasesOf(question, word).some((phrase) => phrase.every(inCorpus));
  const known = (word: QuestionWord) => foundWith(question, word, inCorpus);

  const unknown = question.words.filter((word) => !known(word));
  const unknownNames = unknown.filter((word) => word.isName);
  if (unknownNames.length > 0) {
    return { covered: false, identifier: "unknown-names", context: { names: [...new Set(unknownNames.map((word) => word.surface))] } };
  }

  // The thing asked for ("the population of …"), when the corpus never mentions it, is missing however much of the rest is there.
  // An everyday word is no typo, so here it counts as known only as written (or a longer form): "prime" is not "price".
  const asWritten = (term: string) => index.documentFrequency(term) > 0 || (term.length >= 4 && !index.vocabulary.longerForms(term).next().done);
  const thingKnown = (word: QuestionWord) => (isEverydayWord(word.surface) ? word.terms.some(asWritten) || aliasKnown(word) : known(word));
  const missingThing = askedThing ? question.words.filter((word) => askedThing.includes(word.surface.toLowerCase()) && !thingKnown(word)) : [];
  if (missingThing.length > 0) return { covered: false, identifier: "not-in-corpus", context: { missing: missingThing.map((word) => word.surface) } };

  if (weightedShare(question, index, (word) => !unknown.includes(word)) < minCoverage) {
    // The refusal names only the missing subject, never a missing everyday word.
    return { covered: false, identifier: "not-in-corpus", context: { missing: [...new Set(unknown.filter(isSubjectWord).map((word) => word.surface))] } };
  }
  return { covered: true };
}

/**
 * The share of the question, every word weighed by its rarity alone, that
 * the corpus lacks: one of the signs the answer's confidence reads (an
 * everyday word the corpus lacks lowers it, though it never refuses).
 */
export function unknownShare(question: AnalyzedQuestion, index: SearchIndex): number {
  return weightedShare(question, index, (word) => !word.terms.some((term) => index.hasTerm(term)), false);
}

/**
 * How much of the question the paragraph of its best answer contains: the
 * rarity-weighted share of the question's words found in the paragraph, its
 * heading or its document title, directly, as a longer form, or through an alias.
 */
export function answerCoverage(question: AnalyzedQuestion, index: SearchIndex, paragraphId: number): number {
  const terms = index.paragraphTerms(paragraphId);
  const has = (term: string) => terms.has(term) || (term.length >= 4 && [...terms].some((other) => other.startsWith(term)));
  return weightedShare(question, index, (word) => foundWith(question, word, has));
}

/** The other names of a question word, as phrases of terms ("UNSC" → "security council"). */
export function aliasesOf(question: AnalyzedQuestion, word: QuestionWord): readonly (readonly string[])[] {
  return question.expansions.filter((expansion) => word.terms.some((term) => expansion.matched.includes(term))).flatMap((expansion) => expansion.phrases);
}

/** Whether `has` holds for a word's own terms, or for every term of one of its other names. */
function foundWith(question: AnalyzedQuestion, word: QuestionWord, has: (term: string) => boolean): boolean {
  return word.terms.some(has) || aliasesOf(question, word).some((phrase) => phrase.every(has));
}

/**
 * The share of a question's words, weighted by rarity, for which `found`
 * holds. Rarer words say more about what a question is about (inverse
 * document frequency). A word the corpus lacks weighs at most as much as its
 * rarest word, less the commoner it is in English: a missing everyday verb
 * ("supposed", "stand") must not outweigh the subject words that are there.
 */
function weightedShare(question: AnalyzedQuestion, index: SearchIndex, found: (word: QuestionWord) => boolean, discountEveryday = true): number {
  const total = index.sentences.length;
  const idf = (frequency: number) => Math.log((total + 1) / (frequency + 0.5));
  const weight = (word: QuestionWord) => {
    const frequency = Math.max(...word.terms.map((term) => index.documentFrequency(term)));
    // A word the corpus lacks has no corpus statistics: weigh it as its rarest word, scaled by how rare it is in English.
    if (frequency > 0) return idf(frequency);
    return idf(1) * englishRarity(word.surface) * (!discountEveryday || isSubjectWord(word) ? 1 : EVERYDAY_SHARE);
  };
  let all = 0;
  let share = 0;
  for (const word of question.words) {
    const w = weight(word);
    all += w;
    if (found(word)) share += w;
  }
  return all === 0 ? 0 : share / all;
}
