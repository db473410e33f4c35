import type { Corpus, Section } from "../corpus/types.js";
import { buildAliasGroups, type AliasGroup } from "./aliases.js";
import { analyze, termsOf, tokenize } from "./analyzer.js";
import { CorpusTables } from "./CorpusTables.js";
import { rankKeySentences } from "./keySentences.js";
import { resolveSearchIndexOptions, type ResolvedSearchIndexOptions, type SearchIndexOptions } from "./options.js";
import { ParagraphSearch } from "./ParagraphSearch.js";
import { SentenceScorer, type SentenceStatistics } from "./SentenceScorer.js";
import { runSteps, ticker, type Steps } from "./steps.js";
import { fieldLength, headingTermCounts, TermCache } from "./TermCache.js";
import type { Hit, ParagraphRef, QueryTerm, SentenceRef } from "./types.js";
import { VocabularyBuilder, type Vocabulary } from "./Vocabulary.js";

export type { Hit, ParagraphRef, QueryTerm, SentenceRef } from "./types.js";
export type { SearchIndexOptions } from "./options.js";
export { typoDistance } from "./Vocabulary.js";

/** How many key sentences are kept ready per section: topics quote two, summaries one. */
export const KEY_SENTENCES_KEPT = 3;

/** The parts of an index that take work to compute, built or restored from a saved index. */
export interface IndexParts {
  readonly tables: CorpusTables;
  readonly paragraphSearch: ParagraphSearch;
  readonly vocabulary: Vocabulary;
  readonly statistics: SentenceStatistics;
  /** Per section id, its best sentence ids (at most {@link KEY_SENTENCES_KEPT}), best first. */
  readonly keySentences: readonly (readonly number[])[];
  readonly aliasGroups: readonly AliasGroup[];
}

/**
 * The searchable form of a corpus, composed of parts with one job each:
 * the corpus as numbered tables ({@link CorpusTables}), paragraph search
 * ({@link ParagraphSearch}), the vocabulary with typo correction
 * ({@link Vocabulary}), sentence scoring ({@link SentenceScorer}), alias
 * groups, and each section's key sentences.
 */
export class SearchIndex {
  readonly corpus: Corpus;
  readonly options: ResolvedSearchIndexOptions;
  readonly tables: CorpusTables;
  readonly vocabulary: Vocabulary;
  readonly aliasGroups: readonly AliasGroup[];
  /** The parts, for saving the index. */
  readonly parts: IndexParts;
  private readonly paragraphSearch: ParagraphSearch;
  private readonly termCache: TermCache;
  private readonly scorer: SentenceScorer;

  /** Builds the index of `corpus`; with `parts`, uses those already built (a restored index) instead. */
  constructor(corpus: Corpus, options: SearchIndexOptions = {}, parts?: IndexParts) {
    this.corpus = corpus;
    this.options = resolveSearchIndexOptions(options);
    this.parts = parts ?? runSteps(buildParts(corpus, this.options));
    this.tables = this.parts.tables;
    this.vocabulary = this.parts.vocabulary;
    this.aliasGroups = this.parts.aliasGroups;
    this.paragraphSearch = this.parts.paragraphSearch;
    this.termCache = new TermCache(this.tables);
    this.scorer = new SentenceScorer(this.tables, this.vocabulary, this.termCache, this.parts.statistics, this.options);
  }

  get paragraphs(): readonly ParagraphRef[] {
    return this.tables.paragraphs;
  }

  get sentences(): readonly SentenceRef[] {
    return this.tables.sentences;
  }

  /** Sentence ids by paragraph id, in order. */
  get sentencesOfParagraph(): readonly (readonly number[])[] {
    return this.tables.sentencesOfParagraph;
  }

  /** The sentences of one section, in order. */
  sentencesOfSection(section: Section): SentenceRef[] {
    return this.tables.sentencesOfSection(section);
  }

  /** A section's best sentences for a summary, best first (at most {@link KEY_SENTENCES_KEPT}). */
  keySentencesOf(section: Section): SentenceRef[] {
    const ref = this.tables.sectionOf(section);
    if (!ref) return [];
    return (this.parts.keySentences[ref.id] ?? []).map((id) => this.tables.sentences[id]).filter((s) => s !== undefined);
  }

  /** Number of sentences containing `term` exactly, 0 when the corpus lacks it. */
  documentFrequency(term: string): number {
    return this.vocabulary.documentFrequency(term);
  }

  /** See {@link Vocabulary.resolveTerm}. */
  resolveTerm(term: string, written?: string): string | undefined {
    return this.vocabulary.resolveTerm(term, written);
  }

  /** See {@link Vocabulary.hasTerm}. */
  hasTerm(term: string): boolean {
    return this.vocabulary.hasTerm(term);
  }

  /** The index terms of a paragraph, with its section heading and document title. */
  paragraphTerms(id: number): ReadonlySet<string> {
    return this.termCache.paragraphTerms(id);
  }

  /** See {@link ParagraphSearch.search}. */
  searchParagraphs(terms: readonly QueryTerm[], limit = Infinity): Hit[] {
    return this.paragraphSearch.search(terms, limit);
  }

  /** See {@link SentenceScorer.scoreSentences}. */
  scoreSentences(ids: Iterable<number>, terms: readonly QueryTerm[]): Hit[] {
    return this.scorer.scoreSentences(ids, terms);
  }
}

/**
 * Builds every part of the index in one pass over the sentences, in chunks.
 * The vocabulary, the sentence statistics and the key sentences all need
 * each sentence's terms, which are worked out once here.
 */
export function* buildParts(corpus: Corpus, options: ResolvedSearchIndexOptions): Steps<IndexParts> {
  const tables = yield* CorpusTables.steps(corpus);
  yield;
  const paragraphSearch = yield* ParagraphSearch.buildSteps(tables, options);
  yield;
  const vocabulary = new VocabularyBuilder();
  const headingFrequency = new Map<string, number>();
  const keySentences: number[][] = [];
  let textLength = 0;
  let headingLength = 0;
  const tick = ticker(2_000);
  for (const ref of tables.sections) {
    const [first, end] = ref.sentences;
    const sentenceTerms: Set<string>[] = [];
    for (let id = first; id < end; id++) {
      const tokens = tokenize(tables.sentences[id]?.sentence.text ?? "");
      textLength += fieldLength(tokens);
      vocabulary.addSentence(tokens);
      sentenceTerms.push(new Set(tokens.flatMap((token) => termsOf(token.surface))));
      if (tick()) yield;
    }
    // A heading is a field of each of its section's sentences; each sentence counts once per term.
    const heading = headingTermCounts(ref);
    headingLength += heading.length * (end - first);
    for (const term of heading.counts.keys()) headingFrequency.set(term, (headingFrequency.get(term) ?? 0) + (end - first));
    // Headings and titles can answer "who is the author?" too.
    if (ref.paragraphs[1] > ref.paragraphs[0]) vocabulary.addKnownTerms(analyze(`${ref.section.heading} ${ref.document.title}`));
    keySentences.push(
      rankKeySentences(new Set(analyze(ref.section.heading)), sentenceTerms)
        .slice(0, KEY_SENTENCES_KEPT)
        .map((i) => first + i),
    );
  }
  const count = Math.max(1, tables.sentences.length);
  const statistics: SentenceStatistics = {
    headingFrequency: [...headingFrequency],
    averageLength: { text: textLength / count, heading: headingLength / count || 1 },
  };
  const definitions = new Set<string>();
  for (const ref of tables.paragraphs) definitions.add(ref.paragraph.text);
  const aliasGroups = buildAliasGroups(corpus.synonyms, definitions);
  yield;
  return { tables, paragraphSearch, vocabulary: vocabulary.build(), statistics, keySentences, aliasGroups };
}

export { headingOf, type SectionRef } from "./CorpusTables.js";
