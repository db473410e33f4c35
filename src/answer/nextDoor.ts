import type { SearchIndex, SentenceRef } from "../index/SearchIndex.js";

/**
 * Words that open a sentence leaning on the one before: a pronoun or a
 * demonstrative whose referent is there ("It appoints the board…", "This is
 * called antigenic variation.").
 */
const LEANS_BACK =
  /^(?:it|its|he|his|she|her|they|their|them|this|these|those|that|such|there|both|each|thus|hence|however|nevertheless|therefore|moreover|instead|meanwhile|the latter|the former)\b/i;

/** Whether a sentence opens by pointing back at the one before. */
export const leansBack = (text: string) => LEANS_BACK.test(text.trim());

export interface NextDoorOptions {
  /** A sentence shorter than this is quoted with its more relevant neighbour. */
  readonly shortSentence: number;
  /** The quote stays within this many characters. */
  readonly maxLength: number;
  /**
   * A neighbour at least this relevant, as a share of the quoted sentence's
   * relevance, is quoted too: it probably holds the part of the answer that
   * the best sentence lacks.
   */
  readonly relevantShare: number;
}

/**
 * Which neighbour of a sentence to quote with it, if any: the one before
 * when the sentence leans on it; the one after when that one follows from
 * it; otherwise, for a short sentence or a neighbour nearly as relevant,
 * the more relevant one (the next on a tie). Only within the length budget.
 */
export function sentenceNextDoor(
  index: SearchIndex,
  ref: SentenceRef,
  relevance: (id: number) => number,
  options: NextDoorOptions,
): { first: SentenceRef; last: SentenceRef } {
  const siblings = index.sentencesOfParagraph[ref.paragraphId] ?? [];
  const at = siblings.indexOf(ref.id);
  const next = index.sentences[siblings[at + 1] ?? -1];
  const previous = index.sentences[siblings[at - 1] ?? -1];
  const fits = (a: SentenceRef, b: SentenceRef) => b.sentence.end - a.sentence.start <= options.maxLength;
  const previousFits = previous !== undefined && fits(previous, ref);
  const nextFits = next !== undefined && fits(ref, next);
  if (previousFits && leansBack(ref.sentence.text)) return { first: previous, last: ref };
  if (nextFits && leansBack(next.sentence.text)) return { first: ref, last: next };
  const own = relevance(ref.id);
  const worth = (other: SentenceRef) => ref.sentence.text.length < options.shortSentence || relevance(other.id) >= options.relevantShare * own;
  const nextWorth = nextFits && worth(next);
  const previousWorth = previousFits && worth(previous);
  if (nextWorth && (!previousWorth || relevance(next.id) >= relevance(previous.id))) return { first: ref, last: next };
  if (previousWorth) return { first: previous, last: ref };
  return { first: ref, last: ref };
}
