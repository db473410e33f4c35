import type { SearchIndex } from "../index/SearchIndex.js";
import { withDefaults } from "../withDefaults.js";
import { citationOf, quoteText } from "./citation.js";
import { sentenceNextDoor } from "./nextDoor.js";
import type { Snippet } from "./types.js";

export interface SnippetOptions {
  /**
   * A sentence shorter than this is quoted with its neighbour, since a short
   * sentence often leans on the next one ("Why? Because …").
   * @default 180
   */
  readonly shortSentence?: number;
  /**
   * A neighbour is only added while the quote stays within this many characters.
   * @default 400: on SQuAD (cross-validated) it quotes the answer 0.8 points
   * more often than 300, and the mean top snippet stays near 265 characters,
   * since most answers are one sentence
   */
  readonly maxLength?: number;
  /**
   * A neighbour at least this relevant, as a share of the quoted sentence's
   * relevance, is quoted with it, within `maxLength`.
   * @default 0.5; between 0.1 and 0.9 it changed no SQuAD answer, since the
   * calibrated probability of any sentence but the best is low
   */
  readonly relevantShare?: number;
}

export const DEFAULT_SNIPPET_OPTIONS = { shortSentence: 180, maxLength: 400, relevantShare: 0.5 } as const satisfies Required<SnippetOptions>;

/**
 * Quotes a sentence, with the neighbouring sentence of its paragraph that it
 * leans on, that follows from it, or that is nearly as relevant to the
 * question (`relevance`, by sentence id); see {@link sentenceNextDoor}.
 */
export function buildSnippet(index: SearchIndex, sentenceId: number, score: number, relevance: (id: number) => number, options: SnippetOptions = {}): Snippet {
  const { shortSentence, maxLength, relevantShare } = withDefaults(DEFAULT_SNIPPET_OPTIONS, options);
  const ref = index.sentences[sentenceId];
  if (!ref) throw new RangeError(`no sentence ${sentenceId}`);
  const { first, last } = sentenceNextDoor(index, ref, relevance, { shortSentence, maxLength, relevantShare });
  const text =
    first === last ? first.sentence.text : first.paragraph.text.slice(first.sentence.start - first.paragraph.start, last.sentence.end - first.paragraph.start);
  return { text: quoteText(text), score: Math.round(score * 1000) / 1000, ...citationOf(first, last.sentence.end) };
}
