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
   * @default 300
   */
  readonly maxLength?: number;
  /**
   * A neighbour at least this relevant, as a share of the quoted sentence's
   * relevance, is quoted with it, within `maxLength`.
   * @default 0.5: measured by cross-validation on SQuAD (see bench/RESULTS.md)
   */
  readonly relevantShare?: number;
}

export const DEFAULT_SNIPPET_OPTIONS = { shortSentence: 180, maxLength: 300, relevantShare: 0.5 } as const satisfies Required<SnippetOptions>;

/**
 * Quotes a sentence, with the neighbouring sentence of its paragraph that it
 * leans on, that follows from it, or that is nearly as relevant to the
 * question (`relevance`, by sentence id); see {@link sentenceNextDoor}.
 */
export function buildSnippet(
  index: SearchIndex,
  sentenceId: number,
  score: number,
  relevance: (id: number) => number,
  options: SnippetOptions = {},
): Snippet {
  const { shortSentence, maxLength, relevantShare } = withDefaults(DEFAULT_SNIPPET_OPTIONS, options);
  const ref = index.sentences[sentenceId];
  if (!ref) throw new RangeError(`no sentence ${sentenceId}`);
  const { first, last } = sentenceNextDoor(index, ref, relevance, { shortSentence, maxLength, relevantShare });
  const text = first === last ? first.sentence.text : first.paragraph.text.slice(first.sentence.start - first.paragraph.start, last.sentence.end - first.paragraph.start);
  return { text: quoteText(text), score: Math.round(score * 1000) / 1000, ...citationOf(first, last.sentence.end) };
}
