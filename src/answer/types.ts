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
  /** Character offsets of the quoted text in the document's canonical text (the file itself for Markdown and text). */
  readonly start: number;
  readonly end: number;
  /** Page of a paged document (PDF) the quote starts on, from 1. */
  readonly page?: number;
  readonly published?: string;
  readonly source?: string;
  readonly author?: string;
  /** Set for a moderator's taught answer: cite it as theirs, not as the documents'. */
  readonly taught?: { readonly moderator: string; readonly date: string };
}

/** A quotation from the corpus: the documents' own words, with where they come from. */
export interface Snippet extends Citation {
  readonly text: string;
  /** Relevance; higher is better. Comparable within one answer only. */
  readonly score: number;
  /**
   * For a question about the present: the quote is from a document older
   * than the newest that answers, shown after it as what was said earlier.
   */
  readonly earlier?: true;
}

/**
 * Why a question got no answer. Stable identifiers, so that programs and
 * renderers can react to a kind of refusal without parsing a message; each
 * renderer words it from the identifier and its context.
 */
export type AnswerIdentifier =
  | "question-empty"
  | "question-too-long"
  | "question-unclear"
  | "about-the-sources"
  | "not-in-corpus"
  | "unknown-names"
  | "unknown-section"
  | "not-answered-here";

/** What each refusal knows, for renderers to word it and for the gap report to group it. */
export interface RefusalContext {
  "question-empty": { readonly example?: string };
  "question-too-long": { readonly length: number; readonly max: number };
  "question-unclear": { readonly example?: string };
  /** The question asks about the documents as a whole ("What is this article about?"): a summary answers it. */
  "about-the-sources": Record<string, never>;
  /** `missing`: the question's words the corpus lacks (may be empty when they are all there but scattered). */
  "not-in-corpus": { readonly missing: readonly string[] };
  /** Names the question asks about that the corpus never mentions. */
  "unknown-names": { readonly names: readonly string[] };
  "unknown-section": { readonly sections: readonly string[]; readonly known: readonly string[] };
  /**
   * The sources speak of the question's subject but not of what it asks
   * ("how old is X" where they only say what X did): `subject` names what
   * they mention, `asked` what they don't say ("how old", "what X said"),
   * and `related` is the passage, offered as related, never as the answer.
   */
  "not-answered-here": { readonly subject: readonly string[]; readonly asked: string; readonly related: Snippet };
}

/** A refusal: why there is no answer, with what the renderer needs to say so. */
export type Refusal = {
  [I in AnswerIdentifier]: { readonly identifier: I; readonly context: RefusalContext[I] };
}[AnswerIdentifier];

export interface AnsweredQuestion {
  /** The question as received (after normalising). */
  readonly question: string;
  readonly answered: true;
  /** Best first; never empty. */
  readonly snippets: readonly Snippet[];
  /**
   * Calibrated probability (0–1) that the first snippet answers the
   * question; set on every answer to a question (not on topic commands).
   */
  readonly confidence?: number;
}

export type RefusedQuestion = Refusal & {
  readonly question: string;
  readonly answered: false;
  readonly snippets: readonly [];
};

export type Answer = AnsweredQuestion | RefusedQuestion;

/** One point of a summary: a section's key sentence. */
export interface SummaryPoint extends Citation {
  readonly text: string;
}

export interface FoundSummary {
  readonly found: true;
  /** What is summarised: a document title or a section heading. */
  readonly title: string;
  readonly points: readonly SummaryPoint[];
  /** Characters of quoted text, at most the budget. */
  readonly length: number;
  readonly budget: number;
  /** Headings of sections left out to fit the budget. */
  readonly omitted: readonly string[];
}

export type SummaryIdentifier = "unknown-document" | "unknown-section";

export interface MissingSummary {
  readonly found: false;
  readonly identifier: SummaryIdentifier;
  /** The name asked for, and the names that exist (section slugs or document titles). */
  readonly context: { readonly name: string; readonly known: readonly string[] };
}

export type Summary = FoundSummary | MissingSummary;

/** One point of a timeline: a document's key sentence about the topic, with the document's date. */
export interface TimelineEntry extends Snippet {
  /** The document's date, `YYYY-MM-DD`: published, else the file's modification date. */
  readonly date?: string;
}

/** The dated key sentences about a topic across documents, oldest first (undated last). */
export interface Timeline {
  readonly topic: string;
  readonly entries: readonly TimelineEntry[];
}

/** What changed lately: the key sentences of documents dated within the window, newest first. */
export interface WhatsNew {
  readonly days: number;
  /** The window's first day, `YYYY-MM-DD`. */
  readonly since: string;
  readonly entries: readonly TimelineEntry[];
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
