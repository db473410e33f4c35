import type { CorpusDocument, Paragraph, Section, Sentence } from "../corpus/types.js";

/** Where a paragraph sits in the corpus. */
export interface ParagraphRef {
  readonly id: number;
  readonly document: CorpusDocument;
  readonly section: Section;
  readonly paragraph: Paragraph;
}

/** Where a sentence sits in the corpus. */
export interface SentenceRef extends ParagraphRef {
  readonly sentence: Sentence;
  /** Id of the paragraph the sentence belongs to. */
  readonly paragraphId: number;
}

/** A search hit: the id of a paragraph or sentence and its score. */
export interface Hit {
  readonly id: number;
  readonly score: number;
}

/** One analysed query term with how it should be weighted. */
export interface QueryTerm {
  readonly term: string;
  /** 1 for the question's own words; less for words added by aliases. */
  readonly weight: number;
}

/** A field's term frequencies and its length, for BM25. */
export interface TermCounts {
  readonly counts: ReadonlyMap<string, number>;
  readonly length: number;
}
