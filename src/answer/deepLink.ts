import type { CorpusDocument, Paragraph } from "../corpus/types.js";

export const DEEP_LINK_DEFAULTS = {
  /** Quotes longer than this are linked by their first and last words (`text=start,end`): a fragment stays short and survives small edits inside the quote. */
  maxWholeQuote: 80,
  /** Words at each end of a long quote, and of a prefix or suffix: enough to be unique in a page, few enough to stay within its sentence. */
  contextWords: 4,
} satisfies Required<DeepLinkOptions>;

export interface DeepLinkOptions {
  readonly maxWholeQuote?: number;
  readonly contextWords?: number;
}

/**
 * A text fragment directive's term, percent-encoded as the Text Fragments
 * spec asks: `-`, `,` and `&` are its syntax, so they are encoded with the
 * rest of what a URL cannot carry.
 */
export function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, "%2D");
}

const pageTexts = new WeakMap<CorpusDocument, string>();

/** A document's text as a browser would search it: the paragraphs, one line each, lower case (fragments match regardless of case). */
function pageText(document: CorpusDocument): string {
  let text = pageTexts.get(document);
  if (text === undefined) {
    text = document.sections
      .flatMap((section) => section.paragraphs.map((paragraph) => paragraph.text.replace(/\s+/g, " ")))
      .join("\n")
      .toLowerCase();
    pageTexts.set(document, text);
  }
  return text;
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1 && count < 2; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

const words = (text: string) => text.split(/\s+/).filter((word) => word !== "");

/**
 * The page URL with a text fragment (`#:~:text=`) that scrolls to the quote
 * and highlights it, with the words before it as `prefix-,` when the quote's
 * start is not unique on the page (or after it as `,-suffix` at the very start).
 */
export function textFragmentLink(
  url: string,
  document: CorpusDocument,
  paragraph: Paragraph,
  start: number,
  end: number,
  options: DeepLinkOptions = {},
): string {
  const { maxWholeQuote, contextWords } = { ...DEEP_LINK_DEFAULTS, ...options };
  const quote = paragraph.text
    .slice(start - paragraph.start, end - paragraph.start)
    .replace(/\s+/g, " ")
    .trim();
  const quoteWords = words(quote);
  const whole = quote.length <= maxWholeQuote || quoteWords.length <= contextWords * 2;
  const textStart = whole ? quote : quoteWords.slice(0, contextWords).join(" ");
  const parts = [encodeFragmentTerm(textStart)];
  if (!whole) parts.push(encodeFragmentTerm(quoteWords.slice(-contextWords).join(" ")));
  if (occurrences(pageText(document), textStart.toLowerCase()) > 1) {
    const before = words(paragraph.text.slice(0, start - paragraph.start))
      .slice(-contextWords)
      .join(" ");
    const after = words(paragraph.text.slice(end - paragraph.start))
      .slice(0, contextWords)
      .join(" ");
    if (before !== "") parts.unshift(`${encodeFragmentTerm(before)}-`);
    else if (after !== "") parts.push(`-${encodeFragmentTerm(after)}`);
  }
  return `${url.replace(/#.*$/, "")}#:~:text=${parts.join(",")}`;
}

/**
 * Where a citation links: a web page at the quoted words, a PDF at its page,
 * anything else at its source as declared.
 */
export function deepLink(document: CorpusDocument, paragraph: Paragraph, start: number, end: number, page: number | undefined): string | undefined {
  const { source } = document;
  if (!source) return undefined;
  if (page !== undefined) return `${source.replace(/#.*$/, "")}#page=${page}`;
  if (document.format === "html") return textFragmentLink(source, document, paragraph, start, end);
  return source;
}
