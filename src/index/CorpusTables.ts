import type { Corpus, CorpusDocument, Section } from "../corpus/types.js";
import { runSteps, ticker, type Steps } from "./steps.js";
import type { ParagraphRef, SentenceRef } from "./types.js";

/** Where a section sits in the corpus, with the ids of its paragraphs and sentences. */
export interface SectionRef {
  /** Position of the section in the whole corpus, from 0. */
  readonly id: number;
  readonly document: CorpusDocument;
  readonly section: Section;
  /** Paragraph ids `[first, end)`. */
  readonly paragraphs: readonly [number, number];
  /** Sentence ids `[first, end)`: a section's sentences are numbered consecutively. */
  readonly sentences: readonly [number, number];
}

/**
 * The corpus as numbered tables: every paragraph, sentence and section gets
 * an id in reading order, with lookups between them. Ids are what the search
 * parts store and return.
 */
export class CorpusTables {
  readonly corpus: Corpus;
  readonly paragraphs: readonly ParagraphRef[];
  readonly sentences: readonly SentenceRef[];
  readonly sections: readonly SectionRef[];
  /** Sentence ids by paragraph id, in order. */
  readonly sentencesOfParagraph: readonly (readonly number[])[];
  private readonly sectionIds: ReadonlyMap<Section, number>;

  private constructor(
    corpus: Corpus,
    parts: { paragraphs: ParagraphRef[]; sentences: SentenceRef[]; sections: SectionRef[]; sentencesOfParagraph: number[][] },
  ) {
    this.corpus = corpus;
    this.paragraphs = parts.paragraphs;
    this.sentences = parts.sentences;
    this.sections = parts.sections;
    this.sentencesOfParagraph = parts.sentencesOfParagraph;
    this.sectionIds = new Map(parts.sections.map((ref) => [ref.section, ref.id]));
  }

  static build(corpus: Corpus): CorpusTables {
    return runSteps(CorpusTables.steps(corpus));
  }

  /** {@link build} in chunks of about 5,000 sentences. */
  static *steps(corpus: Corpus): Steps<CorpusTables> {
    const paragraphs: ParagraphRef[] = [];
    const sentences: SentenceRef[] = [];
    const sections: SectionRef[] = [];
    const sentencesOfParagraph: number[][] = [];
    const tick = ticker(5_000);
    for (const document of corpus.documents) {
      for (const section of document.sections) {
        const firstParagraph = paragraphs.length;
        const firstSentence = sentences.length;
        for (const paragraph of section.paragraphs) {
          const paragraphId = paragraphs.length;
          paragraphs.push({ id: paragraphId, document, section, paragraph });
          const ids: number[] = [];
          for (const sentence of paragraph.sentences) {
            ids.push(sentences.length);
            sentences.push({ id: sentences.length, document, section, paragraph, sentence, paragraphId });
            if (tick()) yield;
          }
          sentencesOfParagraph.push(ids);
        }
        sections.push({
          id: sections.length,
          document,
          section,
          paragraphs: [firstParagraph, paragraphs.length],
          sentences: [firstSentence, sentences.length],
        });
      }
    }
    return new CorpusTables(corpus, { paragraphs, sentences, sections, sentencesOfParagraph });
  }

  /** The section's place in the tables, or `undefined` for a section of another corpus. */
  sectionOf(section: Section): SectionRef | undefined {
    const id = this.sectionIds.get(section);
    return id === undefined ? undefined : this.sections[id];
  }

  /** The sentences of one section, in order. */
  sentencesOfSection(section: Section): SentenceRef[] {
    const ref = this.sectionOf(section);
    return ref ? this.sentences.slice(ref.sentences[0], ref.sentences[1]) : [];
  }
}

/**
 * The heading to index for a passage. The lead section's heading is the
 * document title, which the title field already covers.
 */
export function headingOf(ref: { readonly document: CorpusDocument; readonly section: Section }): string {
  return ref.section.heading === ref.document.title ? "" : ref.section.heading;
}
