import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import type { Nodes, Paragraph as MdParagraph, PhrasingContent, Root } from "mdast";
import { readFrontMatter } from "./frontMatter.js";
import { assembleDocument, type Block } from "./assembleDocument.js";
import type { CorpusLimits } from "./limits.js";
import { markdownPieces } from "./markdownPieces.js";
import type { CorpusDocument } from "./types.js";

export type DocumentFormat = "markdown" | "text";

/** Limits on a document's paragraphs and sentences, and where to say a paragraph was over them. */
export interface ParseOptions {
  readonly limits?: CorpusLimits;
  readonly warn?: (message: string) => void;
}

/**
 * Markdown is parsed in pieces of about this many characters: the syntax
 * tree of a whole file of megabytes takes gigabytes at once, and the parser's
 * time grows with the square of the lists and quotes it holds (800 of them
 * take seconds). Files shorter than this are parsed whole.
 */
const MARKDOWN_PIECE_CHARS = 32_000;

/**
 * Parses one corpus file into a document. Markdown headings start sections,
 * blank lines separate paragraphs, and list items and block quotes count as
 * paragraphs. Plain text files have no headings: only paragraphs.
 *
 * A paragraph longer than the limit is cut at sentence ends into pieces,
 * each a paragraph of its own, and `warn` is told once per file.
 *
 * @param id the file name relative to the corpus folder
 * @throws FrontMatterError when the front matter is malformed
 */
export function parseDocument(
  id: string,
  source: string,
  format: DocumentFormat,
  options: ParseOptions = {},
): CorpusDocument {
  const { metadata, bodyOffset } = readFrontMatter(source);
  const body = source.slice(bodyOffset);
  const blocks =
    format === "markdown"
      ? markdownPieces(body, MARKDOWN_PIECE_CHARS).flatMap(([start, end]) => markdownBlocks(end - start === body.length ? body : body.slice(start, end), bodyOffset + start))
      : textBlocks(body, bodyOffset);

  return assembleDocument(id, metadata, blocks, { ...options, locate: (offset) => `line ${lineOf(source, offset)}` });
}

/** The line (from 1) an offset of the source is on, for warnings an operator can act on. */
function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let at = source.indexOf("\n"); at !== -1 && at < offset; at = source.indexOf("\n", at + 1)) line++;
  return line;
}

/**
 * Paragraph text is the source slice with line breaks turned into spaces one
 * for one, so sentence offsets still point into the original file.
 */
function sourceSlice(body: string, start: number, end: number): string {
  return body.slice(start, end).replace(/[\r\n]/g, " ");
}

/**
 * A Markdown paragraph's words, aligned one for one with the source: markup
 * (`**`, `[`, link targets, HTML, images) and the `>` markers of block
 * quote lines become spaces, so quotes read as prose while every character
 * still sits at its source offset.
 */
function markdownParagraphText(body: string, node: MdParagraph, start: number, end: number, quoteDepth: number): string {
  const keep = new Uint8Array(end - start);
  const mark = (from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined) return;
    keep.fill(1, Math.max(0, from - start), Math.max(0, to - start));
  };
  const visit = (child: PhrasingContent) => {
    const from = child.position?.start.offset;
    const to = child.position?.end.offset;
    // Inline code keeps its backticks: `npm start` reads better quoted as code.
    if (child.type === "text" || child.type === "inlineCode") mark(from, to);
    else if ("children" in child) for (const grandchild of child.children) visit(grandchild);
    // HTML, images and hard breaks are not words to quote.
  };
  for (const child of node.children) visit(child);

  // Runs of kept and blanked characters, joined once: a character at a time, a paragraph of megabytes costs gigabytes.
  const runs: string[] = [];
  for (let from = 0; from < keep.length; ) {
    const kept = keep[from] === 1;
    let to = from + 1;
    while (to < keep.length && (keep[to] === 1) === kept) to++;
    runs.push(kept ? body.slice(start + from, start + to) : " ".repeat(to - from));
    from = to;
  }
  let text = runs.join("");
  // Text nodes span the line breaks inside a block quote, markers included.
  if (quoteDepth > 0) {
    const marker = new RegExp(`(\\n)((?:[ \\t]*>[ \\t]?){1,${quoteDepth}})`, "g");
    text = text.replace(marker, (_all, newline: string, markers: string) => newline + " ".repeat(markers.length));
  }
  return text.replace(/[\r\n]/g, " ");
}

function markdownBlocks(body: string, offset: number): Block[] {
  const blocks: Block[] = [];
  let quoteDepth = 0;
  const visit = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (node.type === "heading" && start !== undefined && end !== undefined) {
      blocks.push({ kind: "heading", depth: node.depth, start: offset + start, end: offset + end, text: toString(node).trim() });
    } else if (node.type === "paragraph" && start !== undefined && end !== undefined) {
      blocks.push({ kind: "paragraph", start: offset + start, end: offset + end, text: markdownParagraphText(body, node, start, end, quoteDepth) });
    } else if (node.type === "blockquote") {
      quoteDepth++;
      for (const child of node.children) visit(child);
      quoteDepth--;
    } else if (node.type === "list" || node.type === "listItem" || node.type === "root") {
      for (const child of node.children) visit(child);
    }
    // Code, HTML, tables and rules are not prose to quote from.
  };
  visit(fromMarkdown(body) as Root);
  return blocks;
}

function textBlocks(body: string, offset: number): Block[] {
  const blocks: Block[] = [];
  // A paragraph runs from a non-space to a blank line. Found with two plain searches, not one
  // pattern with a repeated group: that one overflows the regex engine's stack on a paragraph of megabytes.
  const word = /\S/g;
  const blankLine = /\n[ \t]*(?:\r?\n|$)/g;
  for (let match = word.exec(body); match; match = word.exec(body)) {
    const start = match.index;
    blankLine.lastIndex = start;
    const until = blankLine.exec(body)?.index ?? body.length;
    const end = start + body.slice(start, until).trimEnd().length;
    blocks.push({ kind: "paragraph", start: offset + start, end: offset + end, text: sourceSlice(body, start, end) });
    word.lastIndex = until;
  }
  return blocks;
}
