import type { TextBlock } from "./canonicalText.js";
import { cleanText } from "./canonicalText.js";

/** Elements that hold blocks rather than running text. */
const BLOCK_TAGS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BODY", "DD", "DETAILS", "DIV", "DL", "DT", "FIELDSET", "FIGCAPTION", "FIGURE", "FOOTER", "FORM",
  "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "NAV", "OL", "P", "PRE", "SECTION", "TABLE", "TBODY", "TD", "TFOOT", "TH", "THEAD", "TR", "UL",
]);

/** Never prose to quote: code, scripts, and page furniture that survived extraction. */
const SKIPPED_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "PRE", "SVG", "BUTTON", "NAV", "FORM", "SELECT", "IFRAME"]);

/** `h1`–`h3` start sections; smaller headings read as short paragraphs. */
const SECTION_HEADINGS: Record<string, number> = { H1: 1, H2: 2, H3: 3 };

interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

const ELEMENT = 1;
const TEXT = 3;

/**
 * The headings and paragraphs of an HTML fragment (a page's main content,
 * or what mammoth made of a DOCX): each element holding only running text is
 * one paragraph; a run of text beside blocks is a paragraph of its own.
 */
export function htmlBlocks(root: DomNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  const paragraph = (text: string) => {
    const clean = cleanText(text);
    if (clean !== "") blocks.push({ kind: "paragraph", text: clean });
  };
  const visit = (node: DomNode) => {
    const tag = node.nodeName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) return;
    const depth = SECTION_HEADINGS[tag];
    if (depth !== undefined) {
      const text = cleanText(node.textContent ?? "");
      if (text !== "") blocks.push({ kind: "heading", depth, text });
      return;
    }
    const children = Array.from(node.childNodes);
    if (!children.some((child) => child.nodeType === ELEMENT && BLOCK_TAGS.has(child.nodeName.toUpperCase()))) {
      paragraph(inlineText(node));
      return;
    }
    let run = "";
    for (const child of children) {
      if (child.nodeType === ELEMENT && BLOCK_TAGS.has(child.nodeName.toUpperCase())) {
        paragraph(run);
        run = "";
        visit(child);
      } else if (child.nodeType === TEXT || child.nodeType === ELEMENT) {
        run += inlineText(child);
      }
    }
    paragraph(run);
  };
  visit(root);
  return blocks;
}

/** Running text, with a line break (`<br>`) read as a space and skipped elements left out. */
function inlineText(node: DomNode): string {
  if (node.nodeType === TEXT) return node.textContent ?? "";
  if (node.nodeType !== ELEMENT) return "";
  const tag = node.nodeName.toUpperCase();
  if (tag === "BR") return " ";
  if (SKIPPED_TAGS.has(tag)) return "";
  return Array.from(node.childNodes).map(inlineText).join("");
}
