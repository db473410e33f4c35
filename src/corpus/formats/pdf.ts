import { getDocumentProxy } from "unpdf";
import { assembleDocument } from "../assembleDocument.js";
import type { CorpusDocument } from "../types.js";
import { canonicalBlocks, cleanText, isoDate, type TextBlock } from "./canonicalText.js";

/** One line of a page as laid out: its text, baseline and font size. */
export interface PdfLine {
  readonly page: number;
  readonly text: string;
  /** Baseline height from the bottom of the page, in points. */
  readonly y: number;
  readonly size: number;
}

export const PDF_LAYOUT_DEFAULTS = {
  /** A line this much larger than the body text is a heading: 15% sets 12 pt headings off 10.5 pt text, not italics or sub-pixel jitter. */
  headingRatio: 1.15,
  /** A gap between baselines this much wider than the usual line spacing starts a paragraph: a blank line's worth, with room for uneven leading. */
  paragraphGap: 1.4,
  /** A line repeated at the same place on this share of the pages is a running header or footer (page numbers counted as equal). */
  repeatedShare: 0.5,
} satisfies Required<PdfLayoutOptions>;

export interface PdfLayoutOptions {
  readonly headingRatio?: number;
  readonly paragraphGap?: number;
  readonly repeatedShare?: number;
}

interface TextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly hasEOL?: boolean;
}

/**
 * Parses a PDF into a document: the text of every page, paragraphs rebuilt
 * from the layout, headings where the font size shows them (else one section
 * per page), running headers and footers dropped, and the page each
 * paragraph starts on kept for citations.
 */
export async function parsePdf(id: string, bytes: Uint8Array): Promise<CorpusDocument> {
  // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes (hashed for the corpus version) intact.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const lines: PdfLine[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      lines.push(...pageLines(number, content.items.filter((item): item is TextItem & typeof item => "str" in item)));
      page.cleanup();
    }
    const info = ((await pdf.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof info[key] === "string" ? cleanText(info[key]) : "");
    const title = text("Title");
    const { blocks, pages } = canonicalBlocks(layoutBlocks(lines, pdf.numPages));
    return assembleDocument(id, {
      format: "pdf",
      // Word processors fill in names such as "Microsoft Word - draft.docx"; a title needs words of its own.
      ...(title !== "" && !/\.\w{2,4}$|^untitled$/i.test(title) ? { title } : {}),
      ...(text("Author") ? { author: text("Author") } : {}),
      ...(isoDate(text("CreationDate")) ? { published: isoDate(text("CreationDate")) } : {}),
      ...(pages ? { pages } : {}),
    }, blocks);
  } finally {
    await pdf.destroy();
  }
}

/** A page's text items grouped into lines: items on one baseline run together (pdf.js gives the spaces). */
function pageLines(page: number, items: readonly TextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: { text: string; y: number; size: number } | undefined;
  const close = () => {
    if (current && current.text.trim() !== "") lines.push({ page, text: current.text.replace(/\s+/g, " ").trim(), y: current.y, size: current.size });
    current = undefined;
  };
  for (const item of items) {
    const size = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || Math.abs(item.transform[0] ?? 0);
    const y = item.transform[5] ?? 0;
    if (current && Math.abs(current.y - y) > Math.max(current.size, size) * 0.3) close();
    if (item.str !== "") {
      current ??= { text: "", y, size: 0 };
      current.text += item.str;
      if (item.str.trim() !== "") current.size = Math.max(current.size, size);
    }
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

const SENTENCE_END = /[.!?…:;]["'”’)\]]*$/u;
const LINE_END_HYPHEN = /(\p{L})([-\u2010\u00AD])$/u;

/**
 * Rebuilds headings and paragraphs from lines: running headers and footers
 * dropped, lines joined (a word hyphenated at a line end made whole), and a
 * paragraph cut by a page break continued on the next page.
 */
export function layoutBlocks(all: readonly PdfLine[], pageCount: number, options: PdfLayoutOptions = {}): TextBlock[] {
  const { headingRatio, paragraphGap, repeatedShare } = { ...PDF_LAYOUT_DEFAULTS, ...options };
  const lines = withoutRunningLines(all, pageCount, repeatedShare);
  if (lines.length === 0) return [];
  const body = bodySize(lines);
  const spacing = lineSpacing(lines, body);
  const headingSizes = [...new Set(lines.filter((line) => line.size >= body * headingRatio).map((line) => Math.round(line.size)))].sort((a, b) => b - a);
  const depthOf = (line: PdfLine) => {
    const at = headingSizes.indexOf(Math.round(line.size));
    return line.size >= body * headingRatio && at !== -1 ? Math.min(at + 1, 3) : undefined;
  };
  const words = new Set(lines.flatMap((line) => line.text.toLowerCase().match(/[\p{L}-]+/gu) ?? []));
  const perPage = headingSizes.length === 0;

  const blocks: TextBlock[] = [];
  let paragraph: { text: string; page: number; turns: number[]; last: PdfLine } | undefined;
  let heading: { text: string; depth: number; page: number; last: PdfLine } | undefined;
  let pageHeading = 0;
  const flush = () => {
    if (paragraph) blocks.push({ kind: "paragraph", text: paragraph.text, page: paragraph.page, ...(paragraph.turns.length > 0 ? { turns: paragraph.turns } : {}) });
    if (heading) blocks.push({ kind: "heading", depth: heading.depth, text: heading.text, page: heading.page });
    paragraph = undefined;
    heading = undefined;
  };
  for (const line of lines) {
    const depth = depthOf(line);
    if (depth !== undefined) {
      // A heading that wraps is one heading: the same size, a line below.
      if (heading && heading.page === line.page && Math.round(heading.last.size) === Math.round(line.size) && heading.last.y - line.y <= line.size * 1.6) {
        heading = { ...heading, text: `${heading.text} ${line.text}`, last: line };
        continue;
      }
      flush();
      heading = { text: line.text, depth, page: line.page, last: line };
      continue;
    }
    const continues =
      paragraph !== undefined &&
      Math.abs(paragraph.last.size - line.size) < 0.5 &&
      // Across a page break the paragraph goes on unless its last sentence had ended.
      (paragraph.last.page === line.page ? paragraph.last.y - line.y <= spacing * paragraphGap : !SENTENCE_END.test(paragraph.text));
    if (paragraph && continues) {
      const turn = paragraph.last.page !== line.page;
      paragraph.text = joinLines(paragraph.text, line.text, words);
      if (turn) paragraph.turns.push(paragraph.text.length - line.text.length);
      paragraph.last = line;
      continue;
    }
    flush();
    if (perPage && line.page > pageHeading) {
      pageHeading = line.page;
      blocks.push({ kind: "heading", depth: 2, text: `Page ${line.page}`, page: line.page });
    }
    paragraph = { text: line.text, page: line.page, turns: [], last: line };
  }
  flush();
  return blocks;
}

/**
 * Joins a line to the paragraph before it. A word broken at the line end is
 * made whole: a typographic or soft hyphen always goes, a plain `-` only when
 * the joined word is used elsewhere in the document and the hyphenated one
 * is not ("long-term" stays, "tar-get" becomes "target").
 */
export function joinLines(before: string, line: string, words: ReadonlySet<string>): string {
  const hyphen = LINE_END_HYPHEN.exec(before);
  if (hyphen && /^\p{Ll}/u.test(line)) {
    const head = /[\p{L}-]*$/u.exec(before.slice(0, -1))?.[0] ?? "";
    const tail = /^[\p{L}-]*/u.exec(line)?.[0] ?? "";
    const joined = `${head}${tail}`.toLowerCase();
    const hyphenated = `${head}-${tail}`.toLowerCase();
    if (hyphen[2] !== "-" || (words.has(joined) && !words.has(hyphenated))) return `${before.slice(0, -1)}${line}`;
    return `${before}${line}`;
  }
  return `${before} ${line}`;
}

/** The size most of the text is set in. */
function bodySize(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) chars.set(Math.round(line.size * 2) / 2, (chars.get(Math.round(line.size * 2) / 2) ?? 0) + line.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/** The usual distance between two baselines of body text (the median), so wider gaps can start paragraphs. */
function lineSpacing(lines: readonly PdfLine[], body: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1], lines[i]];
    if (a && b && a.page === b.page && Math.abs(a.size - body) < 0.5 && Math.abs(b.size - body) < 0.5 && a.y > b.y) gaps.push(a.y - b.y);
  }
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)] ?? body * 1.2;
}

/** Drops lines that recur at the same height on many pages (page numbers counted as equal): running headers and footers. */
function withoutRunningLines(lines: readonly PdfLine[], pageCount: number, share: number): PdfLine[] {
  if (pageCount < 2) return [...lines];
  const key = (line: PdfLine) => `${Math.round(line.y / 2)}|${line.text.replace(/\d+/g, "#").toLowerCase()}`;
  const pagesOf = new Map<string, Set<number>>();
  for (const line of lines) {
    const pages = pagesOf.get(key(line)) ?? new Set<number>();
    pages.add(line.page);
    pagesOf.set(key(line), pages);
  }
  const threshold = Math.max(2, Math.ceil(pageCount * share));
  return lines.filter((line) => (pagesOf.get(key(line))?.size ?? 0) < threshold);
}
