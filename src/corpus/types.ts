/**
 * The corpus model: document → section → paragraph → sentence. Every level
 * keeps character offsets into the document's source text so that a snippet
 * can always be traced back to the exact place it was quoted from.
 */

/**
 * Offsets are into the document's canonical text: the file itself for
 * Markdown and text; for HTML, PDF and DOCX, the text extracted from it
 * (blocks joined by blank lines), so a quote is always an exact substring of
 * what the document says.
 */

/** One sentence, as it appears in the source. */
export interface Sentence {
  /** Position of the sentence within its paragraph, from 0. */
  readonly index: number;
  readonly text: string;
  /** Offset of the first character in the document's source text. */
  readonly start: number;
  /** Offset just past the last character in the document's source text. */
  readonly end: number;
}

export interface Paragraph {
  /** Position of the paragraph within its document, from 0. */
  readonly index: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly sentences: readonly Sentence[];
}

export interface Section {
  /** Position of the section within its document, from 0. */
  readonly index: number;
  /**
   * The section's heading. Text before the first heading forms a lead section
   * whose heading is the document title, so every citation names a section.
   */
  readonly heading: string;
  /** Stable, URL-safe form of the heading, used to refer to the section. */
  readonly slug: string;
  /** Who wrote the section when it is not the document's author: a moderator's taught answer. */
  readonly attribution?: { readonly moderator: string; readonly date: string };
  readonly paragraphs: readonly Paragraph[];
}

/** Metadata a document may declare in YAML front matter. */
export interface DocumentMetadata {
  readonly title: string;
  /** Where the document was published, if known. */
  readonly source?: string;
  readonly author?: string;
  /** Publication date as `YYYY-MM-DD`, if known. */
  readonly published?: string;
}

export interface CorpusDocument extends DocumentMetadata {
  /** File name relative to the corpus folder; unique within a corpus. */
  readonly id: string;
  /** `moderators` for the answers moderators taught, which are not files of the corpus folder. */
  readonly origin?: "moderators";
  /**
   * The format the text was extracted from, for those whose canonical text is
   * not the file itself; a web page's citations link to the quoted words.
   */
  readonly format?: "html" | "pdf" | "docx";
  /**
   * For a paged format (PDF): the offset in the document's canonical text at
   * which each page starts, page 1 first, so any quote finds its page.
   */
  readonly pages?: readonly number[];
  /**
   * The file's modification date (`YYYY-MM-DD`): the document's date only when
   * nothing says when it was published, and never shown as published.
   */
  readonly modified?: string;
  readonly sections: readonly Section[];
}

/** A file that could not be loaded, or was loaded with a change worth a warning, and why. The other files still load. */
export interface CorpusProblem {
  readonly file: string;
  readonly message: string;
  /** The file was still loaded (a paragraph over the limit cut into pieces): a warning, not a skip. */
  readonly loaded?: boolean;
}

export interface Corpus {
  readonly documents: readonly CorpusDocument[];
  /** Files that were skipped (malformed, too big, symbolic links), and files loaded with a warning. */
  readonly problems: readonly CorpusProblem[];
  /** Alias groups from the operator's synonyms file, if any. */
  readonly synonyms: readonly (readonly string[])[];
}
