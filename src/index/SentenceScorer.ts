import { bm25, prefixMatchWeight } from "./bm25.js";
import type { CorpusTables } from "./CorpusTables.js";
import type { ResolvedSearchIndexOptions } from "./options.js";
import { coordination, mergeWeights } from "./queryWeights.js";
import type { TermCache } from "./TermCache.js";
import type { Hit, QueryTerm } from "./types.js";
import type { Vocabulary } from "./Vocabulary.js";

/** Corpus statistics for scoring sentences, as plain data for the saved index. */
export interface SentenceStatistics {
  /** Number of sentences whose section heading contains each term. */
  readonly headingFrequency: readonly (readonly [string, number])[];
  /** Mean field lengths of sentences, for BM25's length normalisation. */
  readonly averageLength: { readonly text: number; readonly heading: number };
}

/** Index terms a query matches, each with the query term it stands for and its weight. */
export interface ExpandedQuery {
  readonly matches: ReadonlyMap<string, readonly { readonly source: string; readonly weight: number }[]>;
  /** Each query term once, at its highest weight. */
  readonly sourceWeights: ReadonlyMap<string, number>;
}

/**
 * Scores candidate sentences with BM25 over the sentence and its section
 * heading, exactly as a MiniSearch index of sentences would.
 *
 * Sentences are scored here rather than searched in a second MiniSearch
 * index because only the sentences of the best paragraphs are candidates:
 * searching every sentence of a large corpus cost more than the rest of
 * answering put together, and changed no answer.
 */
export class SentenceScorer {
  private readonly headingFrequency: ReadonlyMap<string, number>;

  constructor(
    private readonly tables: CorpusTables,
    private readonly vocabulary: Vocabulary,
    private readonly terms: TermCache,
    private readonly statistics: SentenceStatistics,
    private readonly options: ResolvedSearchIndexOptions,
  ) {
    this.headingFrequency = new Map(statistics.headingFrequency);
  }

  /** Scores the given sentences for the query, best first; sentences that match no term are left out. */
  scoreSentences(ids: Iterable<number>, terms: readonly QueryTerm[]): Hit[] {
    const { matches: query, sourceWeights } = this.expandQuery(terms);
    const total = this.tables.sentences.length;
    const params = this.options.bm25;
    const { averageLength } = this.statistics;
    const text = { average: averageLength.text, boost: 1, frequency: (term: string) => this.vocabulary.documentFrequency(term) };
    const heading = {
      average: averageLength.heading,
      boost: this.options.sentenceHeadingBoost,
      frequency: (term: string) => this.headingFrequency.get(term) ?? 0,
    };
    const hits: Hit[] = [];
    for (const id of ids) {
      const ref = this.tables.sentences[id];
      if (!ref) continue;
      let raw = 0;
      const matched = new Set<string>();
      for (const [counts, field] of [
        [this.terms.sentenceTerms(ref), text],
        [this.terms.headingTerms(ref), heading],
      ] as const) {
        for (const [term, count] of counts.counts) {
          const matches = query.get(term);
          if (!matches) continue;
          const relevance = field.boost * bm25(count, field.frequency(term), total, counts.length, field.average, params);
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
  expandQuery(terms: readonly QueryTerm[]): ExpandedQuery {
    const sourceWeights = mergeWeights(terms);
    const expanded = new Map<string, Array<{ source: string; weight: number }>>();
    const add = (term: string, source: string, weight: number) => {
      const list = expanded.get(term) ?? [];
      list.push({ source, weight });
      expanded.set(term, list);
    };
    for (const [term, weight] of sourceWeights) {
      add(term, term, weight);
      if (term.length < 4) continue;
      for (const longer of this.vocabulary.longerForms(term)) {
        if (longer !== term) add(longer, term, weight * prefixMatchWeight(term, longer, this.options.prefixWeight));
      }
    }
    return { matches: expanded, sourceWeights };
  }
}
