import type { SentenceRef } from "../index/SearchIndex.js";
import type { Citation } from "./types.js";

/** The citation for a run of sentences of one paragraph, starting at `ref`. */
export function citationOf(ref: SentenceRef, end = ref.sentence.end): Citation {
  const { document, section, paragraph, sentence } = ref;
  return {
    document: document.title,
    documentId: document.id,
    section: section.heading,
    sectionSlug: section.slug,
    paragraph: paragraph.index + 1,
    sentence: sentence.index + 1,
    start: sentence.start,
    end,
    ...(document.published ? { published: document.published } : {}),
    ...(document.source ? { source: document.source } : {}),
    ...(document.author ? { author: document.author } : {}),
  };
}
