import mammoth from "mammoth";
import { parseHTML } from "linkedom";
import { assembleDocument } from "../assembleDocument.js";
import type { CorpusDocument } from "../types.js";
import { canonicalBlocks, cleanText, isoDate } from "./canonicalText.js";
import { htmlBlocks } from "./htmlBlocks.js";

/**
 * Word's built-in Title style is the document's title; pandoc and others
 * also write Author and Date paragraphs, which are metadata, not prose.
 */
const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh", "p[style-name='Author'] => p.author:fresh", "p[style-name='Date'] => p.date:fresh"];

/**
 * Parses a Word document through mammoth, which maps its heading styles to
 * `h1`–`h6`: headings become sections, as in Markdown.
 */
export async function parseDocx(id: string, bytes: Uint8Array): Promise<CorpusDocument> {
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { styleMap: STYLE_MAP });
  const { document } = parseHTML(`<!doctype html><html><body>${value}</body></html>`);
  const take = (selector: string) => {
    const element = document.querySelector(selector);
    element?.remove();
    return cleanText(element?.textContent ?? "") || undefined;
  };
  const title = take("h1.title");
  const author = take("p.author");
  const published = isoDate(take("p.date"));
  const { blocks } = canonicalBlocks(htmlBlocks(document.body));
  return assembleDocument(id, { format: "docx", title, ...(author ? { author } : {}), ...(published ? { published } : {}) }, blocks);
}
