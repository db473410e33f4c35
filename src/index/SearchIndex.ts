import MiniSearch, { type SearchResult } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import type { Corpus, CorpusDocument, Paragraph, Section, Sentence } from "../corpus/types.js";
import { analyze, termsOf, tokenize } from "./analyzer.js";
import { buildAliasGroups, type AliasGroup } from "./aliases.js";

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

export interface SearchIndexOptions {
  /**
   * Relative weight of the section heading against the body text when
   * ranking paragraphs.
   * @default 0.6, because a heading names a section's subject but is short
   */
  readonly headingBoost?: number;
  /**
   * Relative weight of the document title against the body text.
   * @default 0.3, because a title applies to every paragraph of a document
   */
  readonly titleBoost?: number;
}

// Index fields hold already-tokenised surfaces; terms come from the analyzer.
const tokenizeField = (text: string) => tokenize(text).map((token) => token.surface);
const processField = (surface: string) => {
  const terms = termsOf(surface);
  return terms.length === 0 ? null : terms;
};
// Queries arrive as analysed terms joined by spaces.
const tokenizeQuery = (text: string) => text.split(" ").filter(Boolean);
const identity = (term: string) => term;

/** Edit distance allowed for a typo in a term of this length: none for short terms. */
export function typoDistance(term: string): number {
  return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
}

/**
 * The searchable form of a corpus: MiniSearch indexes over paragraphs and over
 * sentences, with the English analyzer, typo tolerance, and the vocabulary
 * and alias groups used to decide whether a question is covered at all.
 */
export class SearchIndex {
  readonly corpus: Corpus;
  readonly paragraphs: readonly ParagraphRef[];
  readonly sentences: readonly SentenceRef[];
  readonly aliasGroups: readonly AliasGroup[];
  /** Sentence ids by paragraph id, in order. */
  readonly sentencesOfParagraph: readonly (readonly number[])[];
  private readonly paragraphSearch: MiniSearch;
  private readonly sentenceSearch: MiniSearch;
  /** Every index term, with the number of sentences that contain it. */
  private readonly vocabulary: SearchableMap<number>;

  constructor(corpus: Corpus, options: SearchIndexOptions = {}) {
    this.corpus = corpus;
    const paragraphs: ParagraphRef[] = [];
    const sentences: SentenceRef[] = [];
    const sentencesOfParagraph: number[][] = [];
    for (const document of corpus.documents) {
      for (const section of document.sections) {
        for (const paragraph of section.paragraphs) {
          const paragraphId = paragraphs.length;
          paragraphs.push({ id: paragraphId, document, section, paragraph });
          const ids: number[] = [];
          for (const sentence of paragraph.sentences) {
            ids.push(sentences.length);
            sentences.push({ id: sentences.length, document, section, paragraph, sentence, paragraphId });
          }
          sentencesOfParagraph.push(ids);
        }
      }
    }
    this.paragraphs = paragraphs;
    this.sentences = sentences;
    this.sentencesOfParagraph = sentencesOfParagraph;

    const shared = { idField: "id", tokenize: tokenizeField, processTerm: processField } as const;
    this.paragraphSearch = new MiniSearch({
      ...shared,
      fields: ["text", "heading", "title"],
      searchOptions: {
        boost: { text: 1, heading: options.headingBoost ?? 0.6, title: options.titleBoost ?? 0.3 },
      },
    });
    this.paragraphSearch.addAll(
      paragraphs.map((ref) => ({ id: ref.id, text: ref.paragraph.text, heading: ref.section.heading, title: ref.document.title })),
    );
    this.sentenceSearch = new MiniSearch({ ...shared, fields: ["text"] });
    this.sentenceSearch.addAll(sentences.map((ref) => ({ id: ref.id, text: ref.sentence.text })));

    this.vocabulary = new SearchableMap<number>();
    for (const ref of sentences) {
      for (const term of new Set(analyze(ref.sentence.text))) this.vocabulary.update(term, (n = 0) => n + 1);
    }
    for (const ref of paragraphs) {
      // Headings and titles can answer "who is the author?" too.
      for (const term of analyze(`${ref.section.heading} ${ref.document.title}`)) {
        if (!this.vocabulary.has(term)) this.vocabulary.set(term, 1);
      }
    }

    const definitions = new Set<string>();
    for (const ref of paragraphs) definitions.add(ref.paragraph.text);
    this.aliasGroups = buildAliasGroups(corpus.synonyms, definitions);
  }

  /** Number of sentences containing `term` exactly, 0 when the corpus lacks it. */
  documentFrequency(term: string): number {
    return this.vocabulary.get(term) ?? 0;
  }

  /**
   * Whether the corpus has `term`, allowing for a typo or a longer form
   * ("pakistan" also finds "pakistani").
   */
  hasTerm(term: string): boolean {
    if (this.vocabulary.has(term)) return true;
    if (term.length >= 4 && this.vocabulary.atPrefix(term).size > 0) return true;
    const distance = typoDistance(term);
    return distance > 0 && this.vocabulary.fuzzyGet(term, distance).size > 0;
  }

  searchParagraphs(terms: readonly QueryTerm[]): Hit[] {
    return this.search(this.paragraphSearch, terms);
  }

  searchSentences(terms: readonly QueryTerm[]): Hit[] {
    return this.search(this.sentenceSearch, terms);
  }

  private search(index: MiniSearch, terms: readonly QueryTerm[]): Hit[] {
    if (terms.length === 0) return [];
    const weights = new Map<string, number>();
    for (const { term, weight } of terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    const results: SearchResult[] = index.search([...weights.keys()].join(" "), {
      tokenize: tokenizeQuery,
      processTerm: identity,
      combineWith: "OR",
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 4 ? 0.25 : false),
      maxFuzzy: 2,
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return results.map((result) => ({ id: result.id as number, score: result.score }));
  }
}
