import { DEFAULT_CORPUS_LIMITS, type CorpusLimits } from "./limits.js";
import { slugify } from "./slugify.js";
import { splitSentences } from "./splitSentences.js";
import type { CorpusDocument, DocumentMetadata, Paragraph, Section, Sentence } from "./types.js";

/** A heading or a paragraph of a document, at its offsets in the document's canonical text. */
export interface Block {
  readonly kind: "heading" | "paragraph";
  readonly depth?: number;
  readonly start: number;
  readonly end: number;
  /** The text at `start`..`end`, as long as that slice, so sentence offsets stay exact. */
  readonly text: string;
}

/** What a format parser found besides the blocks. */
export type FoundMetadata = Partial<DocumentMetadata> & Pick<CorpusDocument, "pages" | "modified" | "format">;

/** Limits on what one document may hold, and where to say so. */
export interface AssembleOptions {
  /** Paragraph and sentence lengths; default {@link DEFAULT_CORPUS_LIMITS}. */
  readonly limits?: CorpusLimits;
  /** Told once per document when a paragraph is over the limit (it is then indexed in pieces). */
  readonly warn?: (message: string) => void;
  /** Where an offset of the canonical text is, for a warning an operator can act on ("line 12"). */
  readonly locate?: (offset: number) => string;
}

/**
 * Turns a document's blocks into sections, paragraphs and sentences: every
 * format (Markdown, text, HTML, PDF, DOCX) ends here, so they share one model.
 * Headings start sections; text before the first heading forms a lead
 * section under the title. A leading level-1 heading is the title when the
 * metadata has none.
 */
export function assembleDocument(id: string, metadata: FoundMetadata, found: readonly Block[], options: AssembleOptions = {}): CorpusDocument {
  const limits = { ...DEFAULT_CORPUS_LIMITS, ...options.limits };
  const locate = options.locate ?? ((offset: number) => `character ${offset}`);
  const blocks = [...found];
  let title = metadata.title;
  const first = blocks[0];
  if (first?.kind === "heading" && first.depth === 1) {
    // An empty heading ("# ") names nothing: the file name titles the document then.
    if (first.text !== "") title ??= first.text;
    blocks.shift();
  }
  title ??= titleFromFileName(id);

  const sections: Section[] = [];
  const slugs = new Set<string>();
  let current: { heading: string; paragraphs: Paragraph[] } = { heading: title, paragraphs: [] };
  let paragraphIndex = 0;
  const oversized: Block[] = [];
  const closeSection = () => {
    if (current.paragraphs.length === 0) return;
    sections.push({
      index: sections.length,
      heading: current.heading,
      slug: uniqueSlug(slugify(current.heading), slugs),
      paragraphs: current.paragraphs,
    });
  };
  for (const block of blocks) {
    if (block.kind === "heading") {
      closeSection();
      current = { heading: block.text, paragraphs: [] };
      continue;
    }
    const sentences = splitSentences(block.text, block.start, limits.maxSentenceChars);
    if (sentences.length === 0) continue;
    if (block.text.length > limits.maxParagraphChars) oversized.push(block);
    for (const piece of pieces(sentences, limits.maxParagraphChars)) {
      const first = piece[0] as Sentence;
      const last = piece.at(-1) as Sentence;
      const whole = piece.length === sentences.length;
      current.paragraphs.push({
        index: paragraphIndex++,
        text: whole ? block.text : block.text.slice(first.start - block.start, last.end - block.start),
        start: whole ? block.start : first.start,
        end: whole ? block.end : last.end,
        sentences: whole ? sentences : piece.map((sentence, index) => ({ ...sentence, index })),
      });
    }
  }
  closeSection();
  const biggest = oversized.reduce<Block | undefined>((big, block) => (big && big.text.length >= block.text.length ? big : block), undefined);
  if (biggest) {
    options.warn?.(
      `${oversized.length === 1 ? "has a paragraph" : `has ${oversized.length} paragraphs`} over the ${limits.maxParagraphChars.toLocaleString("en")}-character limit ` +
        `(${oversized.length === 1 ? "" : "the longest "}at ${locate(biggest.start)}, ${biggest.text.length.toLocaleString("en")} characters): indexed in pieces of at most ${limits.maxParagraphChars.toLocaleString("en")} characters, cut at sentence ends`,
    );
  }

  return { id, ...withoutUndefined(metadata), title, sections };
}

/**
 * Consecutive sentences grouped into pieces of at most `max` characters from
 * the first one's start to the last one's end (a sentence is never longer).
 */
function pieces(sentences: readonly Sentence[], max: number): Sentence[][] {
  const groups: Sentence[][] = [];
  let group: Sentence[] = [];
  for (const sentence of sentences) {
    const first = group[0];
    if (first && sentence.end - first.start > max) {
      groups.push(group);
      group = [];
    }
    group.push(sentence);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Two sections with the same heading ("Background" in two parts of a report)
 * get `background` and `background-2`, so each can still be named on its own.
 */
function uniqueSlug(slug: string, taken: Set<string>): string {
  let unique = slug;
  for (let n = 2; taken.has(unique); n++) unique = `${slug}-${n}`;
  taken.add(unique);
  return unique;
}

function titleFromFileName(id: string): string {
  const base = id.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const words = base.replace(/[-_]+/g, " ").trim();
  return words === "" ? id : words.charAt(0).toUpperCase() + words.slice(1);
}
