import type { SearchIndex } from "../index/SearchIndex.js";
import { withDefaults } from "../withDefaults.js";
import { citationOf, quoteText } from "./citation.js";
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
}

export const DEFAULT_SNIPPET_OPTIONS = { shortSentence: 180, maxLength: 300 } as const satisfies Required<SnippetOptions>;

/**
 * Quotes a sentence, with a neighbouring sentence of its paragraph when it is
 * short on its own: whichever neighbour is more relevant to the question
 * (`relevance`, by sentence id), the next one on a tie.
 */
export function buildSnippet(
  index: SearchIndex,
  sentenceId: number,
  score: number,
  relevance: (id: number) => number,
  options: SnippetOptions = {},
): Snippet {
  const { shortSentence, maxLength } = withDefaults(DEFAULT_SNIPPET_OPTIONS, options);
  const ref = index.sentences[sentenceId];
  if (!ref) throw new RangeError(`no sentence ${sentenceId}`);
  let first = ref;
  let last = ref;
  if (ref.sentence.text.length < shortSentence) {
    const siblings = index.sentencesOfParagraph[ref.paragraphId] ?? [];
    const at = siblings.indexOf(sentenceId);
    const next = index.sentences[siblings[at + 1] ?? -1];
    const previous = index.sentences[siblings[at - 1] ?? -1];
    const fits = (a: typeof ref, b: typeof ref) => b.sentence.end - a.sentence.start <= maxLength;
    const nextFits = next !== undefined && fits(ref, next);
    const previousFits = previous !== undefined && fits(previous, ref);
    if (nextFits && (!previousFits || relevance(next.id) >= relevance(previous.id))) last = next;
    else if (previousFits) first = previous;
  }
  const text = first === last ? first.sentence.text : first.paragraph.text.slice(first.sentence.start - first.paragraph.start, last.sentence.end - first.paragraph.start);
  return { text: quoteText(text), score: Math.round(score * 1000) / 1000, ...citationOf(first, last.sentence.end) };
}
