import { DEFAULT_BM25, type Bm25Params } from "./bm25.js";

export interface SearchIndexOptions {
  /**
   * Relative weight of the section heading against the body text when
   * ranking paragraphs.
   * @default 1: a heading names what the section is about as plainly as its text does
   */
  readonly headingBoost?: number;
  /**
   * Relative weight of the section heading against the sentence text when
   * ranking sentences.
   * @default 0.6: less than in the paragraph index, since a sentence says less than its section
   */
  readonly sentenceHeadingBoost?: number;
  /**
   * Relative weight of the document title against the body text.
   * @default 0.3, because a title applies to every paragraph of a document
   */
  readonly titleBoost?: number;
  /**
   * Score weight of a match on a longer form of a query term ("pakistan"
   * finding "pakistani"), against 1 for an exact match.
   * @default 0.2: it widens recall but must not outrank exact matches. Typos
   * are not matched fuzzily at search time; questions are spell-corrected
   * against the corpus vocabulary first (`Vocabulary.resolveTerm`), which
   * keeps "state" from also matching "stage".
   */
  readonly prefixWeight?: number;
  /** BM25 parameters. @default MiniSearch's defaults (k 1.2, b 0.7, d 0.5), so sentence and paragraph scores behave alike */
  readonly bm25?: Bm25Params;
}

export type ResolvedSearchIndexOptions = Required<SearchIndexOptions>;

/** The documented defaults, in one place. */
export const DEFAULT_SEARCH_INDEX_OPTIONS = {
  headingBoost: 1,
  sentenceHeadingBoost: 0.6,
  titleBoost: 0.3,
  prefixWeight: 0.2,
  bm25: DEFAULT_BM25,
} as const satisfies Required<SearchIndexOptions>;

/**
 * The index options with every default filled in. Only the index's own keys
 * are kept, so options meant for other parts (an AnswerService's) do not
 * leak into what identifies an index.
 */
export function resolveSearchIndexOptions(options: SearchIndexOptions = {}): ResolvedSearchIndexOptions {
  const resolved: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SEARCH_INDEX_OPTIONS) as (keyof SearchIndexOptions)[]) {
    resolved[key] = options[key] ?? DEFAULT_SEARCH_INDEX_OPTIONS[key];
  }
  return resolved as unknown as ResolvedSearchIndexOptions;
}

/**
 * Version of the analyser and of the index's parts and their saved form.
 * Raise it whenever tokenising, stemming, term counting or the saved layout
 * change: it is part of every corpus version, so indexes saved by older code
 * are rebuilt instead of reused.
 */
export const ANALYZER_VERSION = "cited-index-4"; // 4: long paragraphs in pieces, long sentences cut, large documents saved in parts
