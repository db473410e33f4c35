import type { SentenceRef } from "../index/SearchIndex.js";
import type { Citation } from "./types.js";
import { deepLink } from "./deepLink.js";

/** The citation for a run of sentences of one paragraph, starting at `ref`. */
export function citationOf(ref: SentenceRef, end = ref.sentence.end): Citation {
  const { document, section, paragraph, sentence } = ref;
  const page = document.pages ? pageAt(document.pages, sentence.start) : undefined;
  const source = deepLink(document, paragraph, sentence.start, end, page);
  return {
    document: document.title,
    documentId: document.id,
    section: section.heading,
    sectionSlug: section.slug,
    paragraph: paragraph.index + 1,
    sentence: sentence.index + 1,
    start: sentence.start,
    end,
    ...(page === undefined ? {} : { page }),
    ...(document.published ? { published: document.published } : {}),
    ...(source ? { source } : {}),
    ...(document.author ? { author: document.author } : {}),
    ...(section.attribution ? { taught: section.attribution } : {}),
  };
}

/** The page (from 1) holding `offset`, given where each page starts. */
export function pageAt(pages: readonly number[], offset: number): number {
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((pages[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Source text as a reader should see it quoted: runs of white space (line
 * breaks, indentation, Markdown markup blanked out by the corpus parser) as
 * one space, and no space left before punctuation where a link or emphasis
 * mark was removed. Offsets in the citation still point at the source.
 */
export function quoteText(raw: string): string {
  return raw
    .replace(/\s+/g, " ")
    .replace(/ (?=[.,;:!?)\]’”])/g, "")
    .trim();
}
