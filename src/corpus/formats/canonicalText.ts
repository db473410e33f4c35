import type { Block } from "../assembleDocument.js";

/** A heading or paragraph as a format parser extracted it, before it has offsets. */
export interface TextBlock {
  readonly kind: "heading" | "paragraph";
  readonly depth?: number;
  /** Clean text: single spaces, no line breaks. */
  readonly text: string;
  /** The page the block starts on (paged formats), from 1. */
  readonly page?: number;
  /** Offsets in `text` at which the next pages start, for a paragraph that runs across a page break. */
  readonly turns?: readonly number[];
}

/** Blocks are joined by a blank line, as a reader would write them down. */
const BLOCK_SEPARATOR = "\n\n";

/**
 * Lays extracted blocks end to end as the document's canonical text and
 * gives each its offsets there, so quotes from any format are exact
 * substrings of one text. For a paged document it also returns where each
 * page starts in that text.
 */
export function canonicalBlocks(found: readonly TextBlock[]): { blocks: Block[]; pages?: number[] } {
  const blocks: Block[] = [];
  const pageStarts: number[] = [];
  let offset = 0;
  for (const block of found) {
    if (block.text === "") continue;
    if (block.page !== undefined) {
      pageStarts[block.page - 1] ??= offset;
      (block.turns ?? []).forEach((turn, i) => (pageStarts[(block.page ?? 1) + i] ??= offset + turn));
    }
    blocks.push({ kind: block.kind, ...(block.depth === undefined ? {} : { depth: block.depth }), start: offset, end: offset + block.text.length, text: block.text });
    offset += block.text.length + BLOCK_SEPARATOR.length;
  }
  if (pageStarts.length === 0) return { blocks };
  // A page without text (a figure, a blank page) starts where the next one does.
  const pages: number[] = [];
  for (let i = pageStarts.length - 1, next = offset; i >= 0; i--) pages[i] = next = pageStarts[i] ?? next;
  return { blocks, pages };
}

/** Text as a reader sees it: runs of white space as one space, none at the ends. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00A0]+/g, " ").trim();
}

/** A date in metadata (ISO 8601, RFC 2822, PDF `D:YYYYMMDD…`) as `YYYY-MM-DD`, if it is one. */
export function isoDate(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  // The calendar day as written, not shifted by a time zone.
  const written = /^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})/.exec(text);
  if (written) {
    const day = `${written[1]}-${written[2]}-${written[3]}`;
    return Number.isNaN(Date.parse(day)) ? undefined : day;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}
