/**
 * Platform-neutral answers. Renderers turn these into Discord embeds,
 * Telegram HTML or console text; nothing here knows about any platform.
 */

/** Where a quoted text comes from, precise enough to find it again. */
export interface Citation {
  /** Title of the document. */
  readonly document: string;
  /** File name of the document within the corpus. */
  readonly documentId: string;
  /** Heading of the section (the document title for text before any heading). */
  readonly section: string;
  readonly sectionSlug: string;
  /** Paragraph number within the document, from 1. */
  readonly paragraph: number;
  /** Number of the first quoted sentence within the paragraph, from 1. */
  readonly sentence: number;
  /** Character offsets of the quoted text in the document's source file. */
  readonly start: number;
  readonly end: number;
  readonly published?: string;
  readonly source?: string;
  readonly author?: string;
}

/** A quotation from the corpus: the documents' own words, with where they come from. */
export interface Snippet extends Citation {
  readonly text: string;
  /** Relevance; higher is better. Comparable within one answer only. */
  readonly score: number;
}

/**
 * Why a question got no answer. Stable identifiers, so that programs and
 * adapters can react to a kind of refusal without parsing its message.
 */
export type AnswerIdentifier =
  | "question-empty"
  | "question-too-long"
  | "question-unclear"
  | "not-in-corpus"
  | "unknown-names"
  | "unknown-section";

export interface Answer {
  /** The question as received (after trimming). */
  readonly question: string;
  readonly answered: boolean;
  /** Best first; empty when not answered. */
  readonly snippets: readonly Snippet[];
  /** Why there is no answer: set exactly when `answered` is false. */
  readonly identifier?: AnswerIdentifier;
  /** A message for the person who asked, set exactly when `answered` is false. */
  readonly reason?: string;
}

/** One point of a summary: a section's key sentence. */
export interface SummaryPoint extends Citation {
  readonly text: string;
}

export interface Summary {
  /** What is summarised: a document title or a section heading. */
  readonly title: string;
  readonly points: readonly SummaryPoint[];
  /** Characters of quoted text, at most the budget. */
  readonly length: number;
  readonly budget: number;
  /** Headings of sections left out to fit the budget. */
  readonly omitted: readonly string[];
  /** Why the summary is empty (unknown document or section), if it is. */
  readonly reason?: string;
}

/** A document of the corpus, as listed by /sources. */
export interface SourceInfo {
  readonly id: string;
  readonly title: string;
  readonly source?: string;
  readonly author?: string;
  readonly published?: string;
  readonly sections: readonly { readonly heading: string; readonly slug: string }[];
}
