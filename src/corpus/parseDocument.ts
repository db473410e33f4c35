import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import type { Nodes, Paragraph as MdParagraph, PhrasingContent, Root } from "mdast";
import { readFrontMatter } from "./frontMatter.js";
import { assembleDocument, type Block } from "./assembleDocument.js";
import type { CorpusDocument } from "./types.js";

export type DocumentFormat = "markdown" | "text";

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

  return assembleDocument(id, metadata, blocks);
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
