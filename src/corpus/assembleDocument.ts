import { slugify } from "./slugify.js";
import { splitSentences } from "./splitSentences.js";
import type { CorpusDocument, DocumentMetadata, Paragraph, Section } from "./types.js";

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

/**
 * Turns a document's blocks into sections, paragraphs and sentences: every
 * format (Markdown, text, HTML, PDF, DOCX) ends here, so they share one model.
 * Headings start sections; text before the first heading forms a lead
 * section under the title. A leading level-1 heading is the title when the
 * metadata has none.
 */
export function assembleDocument(id: string, metadata: FoundMetadata, found: readonly Block[]): CorpusDocument {
  const blocks = [...found];
  let title = metadata.title;
  const first = blocks[0];
  if (first?.kind === "heading" && first.depth === 1) {
    title ??= first.text;
    blocks.shift();
  }
  title ??= titleFromFileName(id);

  const sections: Section[] = [];
  const slugs = new Set<string>();
  let current: { heading: string; paragraphs: Paragraph[] } = { heading: title, paragraphs: [] };
  let paragraphIndex = 0;
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
    const sentences = splitSentences(block.text, block.start);
    if (sentences.length === 0) continue;
    current.paragraphs.push({
      index: paragraphIndex++,
      text: block.text,
      start: block.start,
      end: block.end,
      sentences,
    });
  }
  closeSection();

  return { id, ...withoutUndefined(metadata), title, sections };
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
