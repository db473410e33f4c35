/**
 * Limits on what one corpus file may cost. A file over a limit still serves
 * what it can (a long paragraph is cut into pieces, a long sentence into
 * parts), or is skipped with a warning naming it: never the whole bot stalled.
 */
export interface CorpusLimits {
  /**
   * Largest file read, in bytes; a larger one is skipped with a warning.
   * @default 64 MiB: indexing costs about 15 times a file's size in memory
   * (see bench/RESULTS.md), so 64 MiB is about 1 GiB at start-up. Real
   * documents are far smaller; a bigger file is usually a dump to split.
   */
  readonly maxFileBytes?: number;
  /**
   * Longest paragraph, in characters; a longer one is cut, at sentence ends,
   * into pieces no longer than this, each indexed as a paragraph.
   * @default 20,000: ten times a long paragraph of prose, far below what
   * makes scoring one paragraph slow.
   */
  readonly maxParagraphChars?: number;
  /**
   * Longest sentence, in characters; a longer run of text without a sentence
   * end (a table flattened into a line, a log) is cut into parts at spaces,
   * so a snippet never quotes a whole giant line.
   * @default 1,000: twice the longest real sentences of the test corpora
   * (about 500), and the snippet length (400) is what answers aim for.
   */
  readonly maxSentenceChars?: number;
}

export const DEFAULT_CORPUS_LIMITS = {
  maxFileBytes: 64 * 2 ** 20,
  maxParagraphChars: 20_000,
  maxSentenceChars: 1_000,
} as const satisfies Required<CorpusLimits>;
