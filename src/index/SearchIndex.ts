import MiniSearch, { type SearchResult } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import type { Corpus, CorpusDocument, Paragraph, Section, Sentence } from "../corpus/types.js";
import { analyze, normalizeToken, termsOf, tokenize, type Token } from "./analyzer.js";
import { bm25, DEFAULT_BM25, prefixMatchWeight } from "./bm25.js";
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
   * against the corpus vocabulary first ({@link SearchIndex.resolveTerm}),
   * which keeps "state" from also matching "stage".
   */
  readonly prefixWeight?: number;
  /** BM25 parameters. @default MiniSearch's defaults (k 1.2, b 0.7, d 0.5) */
  readonly bm25?: { readonly k: number; readonly b: number; readonly d: number };
}

// Index fields hold already-tokenised surfaces; terms come from the analyzer.
const tokenizeField = (text: string) => tokenize(text).map((token) => token.surface);
const processField = (surface: string) => {
  const terms = termsOf(surface);
  return terms.length === 0 ? null : terms.length === 1 ? terms[0] : [...terms];
};
// Queries arrive as analysed terms joined by spaces.
const tokenizeQuery = (text: string) => text.split(" ").filter(Boolean);
const identity = (term: string) => term;

/** Each query term once, at the highest weight it was given. */
function mergeWeights(terms: readonly QueryTerm[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  return weights;
}

/**
 * How much of the query a passage matched, counting each matched query term
 * by its weight. MiniSearch multiplies scores by the number of query terms
 * matched; weighting that count keeps a few low-weight alias terms from
 * outranking two real question words.
 */
function coordination(matched: Iterable<string>, weights: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const term of matched) sum += weights.get(term) ?? 1;
  return sum;
}

/** A field's term frequencies and its length, for BM25. */
interface TermCounts {
  readonly counts: ReadonlyMap<string, number>;
  readonly length: number;
}

/** Sentences whose terms are kept for scoring; about 20 MB at most. */
const SENTENCE_CACHE_SIZE = 50_000;

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Length of a field as MiniSearch measures it: its distinct tokens. */
function fieldLength(tokens: readonly Token[]): number {
  return new Set(tokens.map((token) => token.surface)).size;
}

/**
 * The heading to index for a passage. The lead section's heading is the
 * document title, which the title field already covers.
 */
function headingOf(ref: ParagraphRef): string {
  return ref.section.heading === ref.document.title ? "" : ref.section.heading;
}

/**
 * The key of `map` nearest to `key` within typo distance: fewest edits, then
 * highest `frequency`, then alphabetical, so the choice is deterministic.
 */
function closestKey<T>(map: SearchableMap<T>, key: string, frequency: (candidate: string) => number): string | undefined {
  const distance = typoDistance(key);
  if (distance === 0) return undefined;
  const candidates: Array<[string, number]> = [...map.fuzzyGet(key, distance)].map(([candidate, [, d]]) => [candidate, d]);
  // Swapped letters ("foriegn") are one slip of the fingers but two edits to Levenshtein.
  for (let i = 0; i + 1 < key.length; i++) {
    const swapped = key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2);
    if (swapped !== key && map.has(swapped)) candidates.push([swapped, 1]);
  }
  let best: { key: string; distance: number; frequency: number } | undefined;
  for (const [candidate, d] of candidates) {
    const f = frequency(candidate);
    if (!best || d < best.distance || (d === best.distance && (f > best.frequency || (f === best.frequency && candidate < best.key)))) {
      best = { key: candidate, distance: d, frequency: f };
    }
  }
  return best?.key;
}

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
  /** Every index term, with the number of sentences that contain it. */
  private readonly vocabulary: SearchableMap<number>;
  /** Every word as written (case- and spelling-folded, unstemmed), with its term. */
  private readonly words: SearchableMap<string>;
  private readonly options: SearchIndexOptions;
  private readonly paragraphTermCache = new Map<number, ReadonlySet<string>>();
  /** Sentences whose section heading contains each term. */
  private readonly headingFrequency = new Map<string, number>();
  private readonly headingTermCache = new Map<Section, TermCounts>();
  private readonly sentenceTermCache = new Map<number, TermCounts>();
  /** Mean field lengths of sentences, for BM25's length normalisation. */
  private readonly averageLength: { readonly text: number; readonly heading: number };

  constructor(corpus: Corpus, options: SearchIndexOptions = {}) {
    this.corpus = corpus;
    this.options = options;
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
        boost: { text: 1, heading: options.headingBoost ?? 1, title: options.titleBoost ?? 0.3 },
      },
    });
    this.paragraphSearch.addAll(
      paragraphs.map((ref) => ({ id: ref.id, text: ref.paragraph.text, heading: headingOf(ref), title: ref.document.title })),
    );
    // Counted in plain maps and turned into radix trees once: a tree insert
    // per token costs far more than a hash lookup, and most tokens repeat.
    const frequency = new Map<string, number>();
    const words = new Map<string, string>();
    const seenSurfaces = new Set<string>();
    let textLength = 0;
    for (const ref of sentences) {
      const seen = new Set<string>();
      const tokens = tokenize(ref.sentence.text);
      textLength += fieldLength(tokens);
      for (const { surface } of tokens) {
        const terms = termsOf(surface);
        for (const term of terms) {
          if (seen.has(term)) continue;
          seen.add(term);
          frequency.set(term, (frequency.get(term) ?? 0) + 1);
        }
        if (seenSurfaces.has(surface)) continue;
        seenSurfaces.add(surface);
        if (!surface.includes("-") && terms[0] !== undefined) words.set(normalizeToken(surface), terms[0]);
      }
    }
    for (const ref of paragraphs) {
      // Headings and titles can answer "who is the author?" too.
      for (const term of analyze(`${ref.section.heading} ${ref.document.title}`)) {
        if (!frequency.has(term)) frequency.set(term, 1);
      }
    }
    this.vocabulary = SearchableMap.from(frequency);
    this.words = SearchableMap.from(words);

    // A heading is a field of each of its section's sentences.
    let headingLength = 0;
    for (const ref of sentences) {
      const { counts, length } = this.headingTerms(ref);
      headingLength += length;
      // Each sentence counts once per term, as in the text field's frequencies.
      for (const term of counts.keys()) this.headingFrequency.set(term, (this.headingFrequency.get(term) ?? 0) + 1);
    }
    this.averageLength = {
      text: textLength / Math.max(1, sentences.length),
      heading: headingLength / Math.max(1, sentences.length) || 1,
    };

    const definitions = new Set<string>();
    for (const ref of paragraphs) definitions.add(ref.paragraph.text);
    this.aliasGroups = buildAliasGroups(corpus.synonyms, definitions);
  }

  /** Number of sentences containing `term` exactly, 0 when the corpus lacks it. */
  documentFrequency(term: string): number {
    return this.vocabulary.get(term) ?? 0;
  }

  /**
   * The corpus's own spelling of a term: the term itself when the corpus has
   * it, else the closest within typo distance, preferring the more frequent
   * on a tie, else `undefined`. With the word as `written`, the typo is looked
   * for among whole words first ("stabilisaton" → "stabilization"), since a
   * stemmer cannot be trusted to cut a misspelt word where it cuts the real one.
   */
  resolveTerm(term: string, written?: string): string | undefined {
    if (this.vocabulary.has(term)) return term;
    if (written !== undefined) {
      const word = normalizeToken(written);
      const closest = closestKey(this.words, word, (candidate) => this.documentFrequency(this.words.get(candidate) ?? ""));
      if (closest !== undefined) return this.words.get(closest);
    }
    return closestKey(this.vocabulary, term, (candidate) => this.vocabulary.get(candidate) ?? 0);
  }

  /**
   * Whether the corpus has `term`, allowing for a typo or a longer form
   * ("pakistan" also finds "pakistani").
   */
  hasTerm(term: string): boolean {
    return this.resolveTerm(term) !== undefined || (term.length >= 4 && this.vocabulary.atPrefix(term).size > 0);
  }

  /** The index terms of a paragraph, with its section heading and document title. */
  paragraphTerms(id: number): ReadonlySet<string> {
    let terms = this.paragraphTermCache.get(id);
    if (!terms) {
      const ref = this.paragraphs[id];
      terms = new Set(ref ? analyze(`${ref.paragraph.text} ${ref.section.heading} ${ref.document.title}`) : []);
      this.paragraphTermCache.set(id, terms);
    }
    return terms;
  }

  searchParagraphs(terms: readonly QueryTerm[]): Hit[] {
    return this.search(this.paragraphSearch, terms);
  }

  /**
   * Scores the given sentences for the query with BM25 over the sentence and
   * its section heading, exactly as a MiniSearch index of sentences would,
   * best first; sentences that match no term are left out.
   *
   * Sentences are scored here rather than searched in a second MiniSearch
   * index because only the sentences of the best paragraphs are candidates:
   * searching every sentence of a large corpus cost more than the rest of
   * answering put together, and changed no answer.
   */
  scoreSentences(ids: Iterable<number>, terms: readonly QueryTerm[]): Hit[] {
    const { matches: query, sourceWeights } = this.expandQuery(terms);
    const total = this.sentences.length;
    const params = this.options.bm25 ?? DEFAULT_BM25;
    const headingBoost = this.options.sentenceHeadingBoost ?? 0.6;
    const text = { average: this.averageLength.text, boost: 1, frequency: (term: string) => this.documentFrequency(term) };
    const heading = { average: this.averageLength.heading, boost: headingBoost, frequency: (term: string) => this.headingFrequency.get(term) ?? 0 };
    const hits: Hit[] = [];
    for (const id of ids) {
      const ref = this.sentences[id];
      if (!ref) continue;
      let raw = 0;
      const matched = new Set<string>();
      for (const [terms, field] of [[this.sentenceTerms(ref), text], [this.headingTerms(ref), heading]] as const) {
        for (const [term, count] of terms.counts) {
          const matches = query.get(term);
          if (!matches) continue;
          const relevance = field.boost * bm25(count, field.frequency(term), total, terms.length, field.average, params);
          for (const match of matches) {
            raw += match.weight * relevance;
            matched.add(match.source);
          }
        }
      }
      if (matched.size > 0) hits.push({ id, score: raw * coordination(matched, sourceWeights) });
    }
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /**
   * Index terms a query matches, each with the query term it stands for and
   * its weight: the term itself, and its longer forms at the prefix weight.
   */
  private expandQuery(terms: readonly QueryTerm[]): { matches: Map<string, Array<{ source: string; weight: number }>>; sourceWeights: Map<string, number> } {
    const sourceWeights = mergeWeights(terms);
    const prefixWeight = this.options.prefixWeight ?? 0.2;
    const expanded = new Map<string, Array<{ source: string; weight: number }>>();
    const add = (term: string, source: string, weight: number) => {
      const list = expanded.get(term) ?? [];
      list.push({ source, weight });
      expanded.set(term, list);
    };
    for (const [term, weight] of sourceWeights) {
      add(term, term, weight);
      if (term.length < 4) continue;
      for (const longer of this.vocabulary.atPrefix(term).keys()) {
        if (longer !== term) add(longer, term, weight * prefixMatchWeight(term, longer, prefixWeight));
      }
    }
    return { matches: expanded, sourceWeights };
  }

  private headingTerms(ref: ParagraphRef): TermCounts {
    let entry = this.headingTermCache.get(ref.section);
    if (!entry) {
      const terms = analyze(headingOf(ref));
      entry = { counts: countTerms(terms), length: terms.length };
      this.headingTermCache.set(ref.section, entry);
    }
    return entry;
  }

  /**
   * A sentence's term frequencies and length. Cached because the sentences of
   * the best paragraphs are scored again for every question about them; the
   * cache is bounded so a large corpus does not keep a second copy of itself.
   */
  private sentenceTerms(ref: SentenceRef): TermCounts {
    let entry = this.sentenceTermCache.get(ref.id);
    if (!entry) {
      const tokens = tokenize(ref.sentence.text);
      entry = { counts: countTerms(tokens.flatMap((token) => termsOf(token.surface))), length: fieldLength(tokens) };
      if (this.sentenceTermCache.size >= SENTENCE_CACHE_SIZE) this.sentenceTermCache.clear();
      this.sentenceTermCache.set(ref.id, entry);
    }
    return entry;
  }

  private search(index: MiniSearch, terms: readonly QueryTerm[]): Hit[] {
    if (terms.length === 0) return [];
    const weights = mergeWeights(terms);
    const results: SearchResult[] = index.search([...weights.keys()].join(" "), {
      tokenize: tokenizeQuery,
      processTerm: identity,
      combineWith: "OR",
      prefix: (term) => term.length >= 4,
      weights: { fuzzy: 0, prefix: this.options.prefixWeight ?? 0.2 },
      boostTerm: (term) => weights.get(term) ?? 1,
      ...(this.options.bm25 ? { bm25: this.options.bm25 } : {}),
    });
    return results
      .map((result) => ({ id: result.id as number, score: (result.score / Math.max(1, result.queryTerms.length)) * coordination(result.queryTerms, weights) }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
