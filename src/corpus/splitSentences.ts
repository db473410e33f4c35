import sbd from "sbd";
import { DEFAULT_CORPUS_LIMITS } from "./limits.js";
import type { Sentence } from "./types.js";

/**
 * Boundaries `sbd` misses: a stop inside a closing single quote (British
 * style, ‘… grateful.’ Then …) and the word "no" ending a sentence, which sbd
 * takes for the abbreviation "No." (it still keeps "No. 10" together, as the
 * number is not a capitalised word). The word before the quote must be
 * lower case so "the ‘U.S.’ Army" stays whole.
 */
const MISSED_BOUNDARY = /(?<=(?:\p{Ll}{2}[.!?][’']|\bno[.!?]))\s+(?=[“‘"'(]?\p{Lu})/gu;

/**
 * Characters given to `sbd` at a time. Its cost grows faster than its input
 * (a 4 MB paragraph took 20 s), so a long paragraph goes through in windows
 * of bounded size: the split stays linear in the paragraph's length.
 */
const WINDOW_CHARS = 4_000;

const isSpace = (char: string) => /\s/.test(char);

/** A sentence's span within the text being split. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits one paragraph into sentences with offsets.
 *
 * Copes with paragraphs that lack a final full stop, quotations that close
 * after the stop (“… grateful.”), abbreviations (U.S., Dr.), decimals and
 * hyphenated numbers (20-point), because `sbd` does the boundary detection;
 * {@link MISSED_BOUNDARY} adds the few it misses. A sentence longer than
 * `maxSentenceChars` (a run of text with no sentence end) is cut at spaces
 * into parts of at most that length. Time is linear in the text's length.
 *
 * @param text the paragraph text
 * @param offset the paragraph's offset in the document, added to every sentence
 */
export function splitSentences(text: string, offset = 0, maxSentenceChars: number = DEFAULT_CORPUS_LIMITS.maxSentenceChars): Sentence[] {
  const max = Math.max(1, maxSentenceChars);
  const window = Math.max(WINDOW_CHARS, 4 * max);
  const sentences: Sentence[] = [];
  const emit = (from: number, span: Span) => {
    sentences.push({ index: sentences.length, text: text.slice(from + span.start, from + span.end), start: offset + from + span.start, end: offset + from + span.end });
  };
  let from = 0;
  while (from < text.length) {
    const last = from + window >= text.length;
    const slice = last ? text.slice(from) : text.slice(from, from + window);
    const pieces = sentenceSpans(slice);
    const final = pieces.at(-1);
    if (last || !final) {
      for (const piece of pieces) for (const part of capSpan(slice, piece, max)) emit(from, part);
      from += slice.length;
      continue;
    }
    // The window may have cut its last sentence short: that one is split again from the next window.
    for (const piece of pieces.slice(0, -1)) for (const part of capSpan(slice, piece, max)) emit(from, part);
    if (pieces.length > 1) {
      from += final.start;
      continue;
    }
    // One sentence fills the window: its parts but the last are final, and the next window starts at that one.
    const parts = capSpan(slice, final, max);
    const tail = parts.at(-1) ?? final;
    for (const part of parts.slice(0, -1)) emit(from, part);
    if (tail.start > 0) from += tail.start;
    else {
      // The rest of the window is spaces: the sentence has ended.
      emit(from, tail);
      from += slice.length;
    }
  }
  return sentences;
}

/** The sentences of a bounded text (sbd, then the boundaries it misses), trimmed, empty ones dropped. */
function sentenceSpans(text: string): Span[] {
  const pieces = sbd.sentences(text, { newline_boundaries: false, preserve_whitespace: true });
  const spans: Span[] = [];
  const add = (start: number, piece: string) => {
    const trimmed = piece.trim();
    if (trimmed === "") return;
    const at = start + (piece.length - piece.trimStart().length);
    spans.push({ start: at, end: at + trimmed.length });
  };
  let cursor = 0;
  for (const piece of pieces) {
    // sbd returns the text in order with whitespace preserved, so each piece is
    // found at or after the cursor; indexOf guards against any normalisation.
    const at = text.indexOf(piece, cursor);
    const start = at === -1 ? cursor : at;
    cursor = start + piece.length;
    let from = 0;
    for (const boundary of piece.matchAll(MISSED_BOUNDARY)) {
      add(start + from, piece.slice(from, boundary.index));
      from = boundary.index;
    }
    add(start + from, piece.slice(from));
  }
  return spans;
}

/**
 * A sentence cut into parts of at most `max` characters: at the last space
 * in the second half of each part, else (one unbroken word) at `max`,
 * never between the two halves of a surrogate pair.
 */
function capSpan(text: string, span: Span, max: number): Span[] {
  if (span.end - span.start <= max) return [span];
  const parts: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    let cut = start + max;
    while (cut > start + max / 2 && !isSpace(text.charAt(cut))) cut--;
    if (!isSpace(text.charAt(cut))) {
      cut = start + max;
      if (/[\uDC00-\uDFFF]/.test(text.charAt(cut))) cut--;
    }
    let end = cut;
    while (end > start && isSpace(text.charAt(end - 1))) end--;
    parts.push({ start, end });
    start = cut;
    while (start < span.end && isSpace(text.charAt(start))) start++;
  }
  if (start < span.end) parts.push({ start, end: span.end });
  return parts;
}
