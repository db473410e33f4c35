import sbd from "sbd";
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
 * Splits one paragraph into sentences with offsets.
 *
 * Copes with paragraphs that lack a final full stop, quotations that close
 * after the stop (“… grateful.”), abbreviations (U.S., Dr.), decimals and
 * hyphenated numbers (20-point), because `sbd` does the boundary detection;
 * {@link MISSED_BOUNDARY} adds the few it misses.
 *
 * @param text the paragraph text
 * @param offset the paragraph's offset in the document, added to every sentence
 */
export function splitSentences(text: string, offset = 0): Sentence[] {
  const pieces = sbd.sentences(text, {
    newline_boundaries: false,
    preserve_whitespace: true,
  });
  const sentences: Sentence[] = [];
  const add = (start: number, piece: string) => {
    const trimmedStart = start + (piece.length - piece.trimStart().length);
    const trimmed = piece.trim();
    if (trimmed === "") return;
    sentences.push({
      index: sentences.length,
      text: trimmed,
      start: offset + trimmedStart,
      end: offset + trimmedStart + trimmed.length,
    });
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
  return sentences;
}
