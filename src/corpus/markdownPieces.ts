/**
 * Where a long Markdown body may be cut so that each piece parses on its own
 * as it would within the whole: before a line that starts at the margin
 * after a blank line (which always starts a new top-level block: lists,
 * quotes and indented code have ended), outside fenced code and outside the
 * HTML blocks that may hold blank lines (`<pre>`, `<script>`, comments…).
 *
 * What is lost across a cut: a reference link (`[text][ref]`) whose
 * definition is in another piece reads as its bracketed text.
 *
 * @returns [start, end) offsets of consecutive pieces covering the body,
 * each at least `size` characters long but the last (a body with no place
 * to cut is one piece)
 */
export function markdownPieces(body: string, size: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = 0;
  let blank = true;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  for (let at = 0; at < body.length; ) {
    const newline = body.indexOf("\n", at);
    const next = newline === -1 ? body.length : newline + 1;
    const line = body.slice(at, next);
    if (!fence && !htmlEnd && blank && at - start >= size && /^\S/.test(line)) {
      pieces.push([start, at]);
      start = at;
    }
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?\n?$/.exec(line)?.[1];
      if (close?.startsWith(fence.char) && close.length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      const open = /^ {0,3}(`{3,}(?!.*`)|~{3,})/.exec(line)?.[1];
      if (open) fence = { char: open.charAt(0), length: open.length };
      else {
        htmlEnd = htmlBlockEnd(line);
        if (htmlEnd?.test(line.replace(/^ {0,3}<[!?]?/, ""))) htmlEnd = undefined;
      }
    }
    blank = line.trim() === "";
    at = next;
  }
  pieces.push([start, body.length]);
  return pieces;
}

/** CommonMark's HTML blocks of kinds 1–5, which end at a marker rather than at a blank line: that marker. */
function htmlBlockEnd(line: string): RegExp | undefined {
  if (/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(line)) return /<\/(?:script|pre|style|textarea)>/i;
  if (/^ {0,3}<!--/.test(line)) return /-->/;
  if (/^ {0,3}<\?/.test(line)) return /\?>/;
  if (/^ {0,3}<!\[CDATA\[/.test(line)) return /\]\]>/;
  if (/^ {0,3}<![A-Za-z]/.test(line)) return />/;
  return undefined;
}
