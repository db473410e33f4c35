import sbd from "sbd";
import type { Sentence } from "./types.js";

/**
 * Splits one paragraph into sentences with offsets.
 *
 * Copes with paragraphs that lack a final full stop, quotations that close
 * after the stop (“… grateful.”), abbreviations (U.S., Dr.), decimals and
 * hyphenated numbers (20-point), because `sbd` does the boundary detection.
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
  let cursor = 0;
  for (const piece of pieces) {
    // sbd returns the text in order with whitespace preserved, so each piece is
    // found at or after the cursor; indexOf guards against any normalisation.
    const at = text.indexOf(piece, cursor);
    const start = at === -1 ? cursor : at;
    cursor = start + piece.length;
    const trimmedStart = start + (piece.length - piece.trimStart().length);
    const trimmed = piece.trim();
    if (trimmed === "") continue;
    sentences.push({
      index: sentences.length,
      text: trimmed,
      start: offset + trimmedStart,
      end: offset + trimmedStart + trimmed.length,
    });
  }
  return sentences;
}
