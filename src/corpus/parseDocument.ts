import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import type { Nodes, Paragraph as MdParagraph, PhrasingContent, Root } from "mdast";
import { readFrontMatter } from "./frontMatter.js";
import { slugify } from "./slugify.js";
import { splitSentences } from "./splitSentences.js";
import type { CorpusDocument, Paragraph, Section } from "./types.js";

export type DocumentFormat = "markdown" | "text";

interface Block {
  readonly kind: "heading" | "paragraph";
  readonly depth?: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Parses one corpus file into a document. Markdown headings start sections,
 * blank lines separate paragraphs, and list items and block quotes count as
 * paragraphs. Plain text files have no headings: only paragraphs.
 *
 * @param id the file name relative to the corpus folder
 * @throws FrontMatterError when the front matter is malformed
 */
export function parseDocument(id: string, source: string, format: DocumentFormat): CorpusDocument {
  const { metadata, bodyOffset } = readFrontMatter(source);
  const body = source.slice(bodyOffset);
  const blocks = format === "markdown" ? markdownBlocks(body, bodyOffset) : textBlocks(body, bodyOffset);

  // A leading level-1 heading is the document's title when front matter has none.
  let title = metadata.title;
  const first = blocks[0];
  if (first?.kind === "heading" && first.depth === 1) {
    title ??= first.text;
    blocks.shift();
  }
  title ??= titleFromFileName(id);

  const sections: Section[] = [];
  const slugs = new Set<string>();
  let current: { heading: string; paragraphs: Paragraph[] } = { heading: title, paragraphs: [] };
  let paragraphIndex = 0;
  const closeSection = () => {
    if (current.paragraphs.length === 0) return;
    sections.push({
      index: sections.length,
      heading: current.heading,
      slug: uniqueSlug(slugify(current.heading), slugs),
      paragraphs: current.paragraphs,
    });
  };
  for (const block of blocks) {
    if (block.kind === "heading") {
      closeSection();
      current = { heading: block.text, paragraphs: [] };
      continue;
    }
    const sentences = splitSentences(block.text, block.start);
    if (sentences.length === 0) continue;
    current.paragraphs.push({
      index: paragraphIndex++,
      text: block.text,
      start: block.start,
      end: block.end,
      sentences,
    });
  }
  closeSection();

  return { id, ...metadata, title, sections };
}

/**
 * Paragraph text is the source slice with line breaks turned into spaces one
 * for one, so sentence offsets still point into the original file.
 */
function sourceSlice(body: string, start: number, end: number): string {
  return body.slice(start, end).replace(/[\r\n]/g, " ");
}

/**
 * Two sections with the same heading ("Background" in two parts of a report)
 * get `background` and `background-2`, so each can still be named on its own.
 */
function uniqueSlug(slug: string, taken: Set<string>): string {
  let unique = slug;
  for (let n = 2; taken.has(unique); n++) unique = `${slug}-${n}`;
  taken.add(unique);
  return unique;
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

  let text = "";
  for (let i = start; i < end; i++) text += keep[i - start] === 1 ? body.charAt(i) : " ";
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
  const paragraph = /\S(?:[^\n]|\n(?![ \t]*(?:\r?\n|$)))*/g;
  for (const match of body.matchAll(paragraph)) {
    const start = match.index;
    const end = start + match[0].trimEnd().length;
    blocks.push({ kind: "paragraph", start: offset + start, end: offset + end, text: sourceSlice(body, start, end) });
  }
  return blocks;
}

function titleFromFileName(id: string): string {
  const base = id.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const words = base.replace(/[-_]+/g, " ").trim();
  return words === "" ? id : words.charAt(0).toUpperCase() + words.slice(1);
}
