import SearchableMap from "minisearch/SearchableMap";
import { termsOf, tokenize } from "./analyzer.js";
import { bm25 } from "./bm25.js";
import { headingOf, type CorpusTables } from "./CorpusTables.js";
import type { ResolvedSearchIndexOptions } from "./options.js";
import { mergeWeights } from "./queryWeights.js";
import { runSteps, ticker, type Steps } from "./steps.js";
import type { Hit, QueryTerm } from "./types.js";

/** The fields of a paragraph, in the order they are indexed and scored. */
export const PARAGRAPH_FIELDS = ["text", "heading", "title"] as const;

/** One field's postings: for term `t`, paragraphs `docs[offsets[t] … offsets[t+1])` with their term frequencies. */
export interface FieldPostings {
  /** Mean field length over paragraphs, averaged as MiniSearch does (a running mean). */
  readonly average: number;
  /** Field length per paragraph: its distinct tokens. */
  readonly lengths: Uint32Array;
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly frequencies: Uint32Array;
}

/** A paragraph index as plain data, for the saved index. */
export interface ParagraphIndexData {
  readonly documentCount: number;
  /** Terms by id, in the order they were first met. */
  readonly terms: readonly string[];
  readonly fields: readonly FieldPostings[];
}

/**
 * Working arrays kept between searches, so that a search allocates nothing
 * in proportion to the corpus: a common word matches thousands of paragraphs.
 */
class Scratch {
  readonly total: Float64Array;
  readonly term: Float64Array;
  /** Per paragraph: 1 + index of the last query term that touched it, 0 if none. */
  readonly termMark: Int32Array;
  /** Paragraphs touched by the current query term, then by the whole query. */
  readonly termTouched: Int32Array;
  readonly touched: Int32Array;
  /** Per paragraph, which of the first 32 query terms it matched, as bits in query order. */
  readonly matchedBits: Uint32Array;
  /** Query terms past the 32nd that each paragraph matched, in query order (rare: a long question with aliases). */
  readonly matchedMore = new Map<number, number[]>();
  constructor(size: number) {
    this.total = new Float64Array(size);
    this.term = new Float64Array(size);
    this.termMark = new Int32Array(size);
    this.termTouched = new Int32Array(size);
    this.touched = new Int32Array(size);
    this.matchedBits = new Uint32Array(size);
  }
}

/**
 * Full-text search over paragraphs (text, section heading, document title)
 * with BM25+, prefix matches and weighted query terms.
 *
 * It scores exactly as MiniSearch's `search` did here before (same formula,
 * same order of additions, so the same scores to the last bit; a test holds
 * it to that), but keeps its postings in typed arrays: a search adds into
 * arrays instead of making an object per matching paragraph and keeps only
 * the best few, and a saved index loads as a few arrays instead of a map per
 * term and field.
 */
export class ParagraphSearch {
  private readonly terms: SearchableMap<number>;
  private readonly data: ParagraphIndexData;
  private scratch: Scratch | undefined;

  private constructor(
    terms: SearchableMap<number>,
    data: ParagraphIndexData,
    private readonly options: ResolvedSearchIndexOptions,
  ) {
    this.terms = terms;
    this.data = data;
  }

  static build(tables: CorpusTables, options: ResolvedSearchIndexOptions): ParagraphSearch {
    return runSteps(ParagraphSearch.buildSteps(tables, options));
  }

  static *buildSteps(tables: CorpusTables, options: ResolvedSearchIndexOptions): Steps<ParagraphSearch> {
    const termIds = new Map<string, number>();
    const fieldCount = PARAGRAPH_FIELDS.length;
    // Per field, per term: the paragraphs that have it and how often, in paragraph order.
    const postings: { docs: number[]; frequencies: number[] }[][] = PARAGRAPH_FIELDS.map(() => []);
    const lengths = PARAGRAPH_FIELDS.map(() => new Uint32Array(tables.paragraphs.length));
    const averages = PARAGRAPH_FIELDS.map(() => 0);
    const tick = ticker(2_000);
    for (const ref of tables.paragraphs) {
      const doc = ref.id;
      const values = [ref.paragraph.text, headingOf(ref), ref.document.title];
      for (let field = 0; field < fieldCount; field++) {
        const surfaces = tokenize(values[field] ?? "").map((token) => token.surface);
        const length = new Set(surfaces).size;
        (lengths[field] as Uint32Array)[doc] = length;
        averages[field] = ((averages[field] ?? 0) * doc + length) / (doc + 1);
        const perTerm = postings[field] ?? [];
        for (const surface of surfaces) {
          const terms = termsOf(surface);
          for (const term of terms) {
            if (term === "" && terms.length === 1) continue;
            let id = termIds.get(term);
            if (id === undefined) {
              id = termIds.size;
              termIds.set(term, id);
            }
            const list = (perTerm[id] ??= { docs: [], frequencies: [] });
            const last = list.docs.length - 1;
            if (last >= 0 && list.docs[last] === doc) list.frequencies[last] = (list.frequencies[last] ?? 0) + 1;
            else {
              list.docs.push(doc);
              list.frequencies.push(1);
            }
          }
        }
      }
      if (tick()) yield;
    }
    const termCount = termIds.size;
    const fields: FieldPostings[] = PARAGRAPH_FIELDS.map((_, field) => {
      const perTerm = postings[field] ?? [];
      const offsets = new Uint32Array(termCount + 1);
      for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t] ?? 0) + (perTerm[t]?.docs.length ?? 0);
      const docs = new Uint32Array(offsets[termCount] ?? 0);
      const frequencies = new Uint32Array(docs.length);
      for (let t = 0; t < termCount; t++) {
        const list = perTerm[t];
        if (!list) continue;
        docs.set(list.docs, offsets[t]);
        frequencies.set(list.frequencies, offsets[t]);
      }
      return { average: averages[field] ?? 0, lengths: lengths[field] as Uint32Array, offsets, docs, frequencies };
    });
    yield;
    return yield* ParagraphSearch.stepsFromData({ documentCount: tables.paragraphs.length, terms: [...termIds.keys()], fields }, options);
  }

  /** Restores a saved index; its terms go into a radix tree in their saved order, in chunks. */
  static *stepsFromData(data: ParagraphIndexData, options: ResolvedSearchIndexOptions): Steps<ParagraphSearch> {
    const terms = new SearchableMap<number>();
    const tick = ticker(2_000);
    for (let id = 0; id < data.terms.length; id++) {
      terms.set(data.terms[id] ?? "", id);
      if (tick()) yield;
    }
    return new ParagraphSearch(terms, data, options);
  }

  toData(): ParagraphIndexData {
    return this.data;
  }

  get documentCount(): number {
    return this.data.documentCount;
  }

  /**
   * Paragraphs matching any query term, best first, ties in corpus order:
   * the `limit` best, or all of them.
   */
  search(queryTerms: readonly QueryTerm[], limit = Infinity): Hit[] {
    if (queryTerms.length === 0 || limit <= 0) return [];
    const weights = mergeWeights(queryTerms);
    const query = [...weights.keys()];
    const { documentCount, fields } = this.data;
    const scratch = (this.scratch ??= new Scratch(documentCount));
    const { total, term: termScore, termMark, termTouched, touched, matchedBits, matchedMore } = scratch;
    const { prefixWeight, bm25: params } = this.options;
    // MiniSearch read a boost of 0 as 1 (`boost || 1`); so does this.
    const boosts = [1, this.options.headingBoost || 1, this.options.titleBoost || 1];
    let touchedCount = 0;
    let termTouchedCount = 0;

    const addTerm = (termId: number | undefined, weight: number, termBoost: number, mark: number) => {
      if (termId === undefined) return;
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f] as FieldPostings;
        const from = field.offsets[termId] ?? 0;
        const to = field.offsets[termId + 1] ?? 0;
        const matching = to - from;
        if (matching === 0) continue;
        const factor = weight * termBoost * (boosts[f] ?? 1);
        for (let at = from; at < to; at++) {
          const doc = field.docs[at] ?? 0;
          const score = factor * bm25(field.frequencies[at] ?? 0, matching, documentCount, field.lengths[doc] ?? 0, field.average, params);
          if (termMark[doc] === mark) termScore[doc] = (termScore[doc] ?? 0) + score;
          else {
            termMark[doc] = mark;
            termScore[doc] = score;
            termTouched[termTouchedCount++] = doc;
          }
        }
      }
    };

    for (let q = 0; q < query.length; q++) {
      const source = query[q] ?? "";
      const termBoost = weights.get(source) ?? 1;
      const mark = q + 1;
      termTouchedCount = 0;
      addTerm(this.terms.get(source), 1, termBoost, mark);
      if (source.length >= 4) {
        for (const [longer, termId] of this.terms.atPrefix(source)) {
          const distance = longer.length - source.length;
          if (!distance) continue;
          addTerm(termId, (prefixWeight * longer.length) / (longer.length + 0.3 * distance), termBoost, mark);
        }
      }
      // Each query term's scores are summed first and then added to the total, as MiniSearch's OR did.
      for (let i = 0; i < termTouchedCount; i++) {
        const doc = termTouched[i] ?? 0;
        const bits = matchedBits[doc] ?? 0;
        if (bits !== 0 || matchedMore.has(doc)) total[doc] = (total[doc] ?? 0) + (termScore[doc] ?? 0);
        else {
          total[doc] = termScore[doc] ?? 0;
          touched[touchedCount++] = doc;
        }
        if (q < 32) matchedBits[doc] = bits | (1 << q);
        else {
          const more = matchedMore.get(doc);
          if (more) more.push(q);
          else matchedMore.set(doc, [q]);
        }
      }
    }

    const best = new TopHits(limit);
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] ?? 0;
      const bits = matchedBits[doc] ?? 0;
      const more = matchedMore.get(doc);
      let count = 0;
      let coordination = 0;
      for (let q = 0; q < 32 && q < query.length; q++) {
        if ((bits & (1 << q)) === 0) continue;
        count++;
        coordination += weights.get(query[q] ?? "") ?? 1;
      }
      for (const q of more ?? []) {
        count++;
        coordination += weights.get(query[q] ?? "") ?? 1;
      }
      // MiniSearch multiplied by the number of matched terms, divided out again here: kept, for the same rounding.
      best.offer(doc, (((total[doc] ?? 0) * count) / Math.max(1, count)) * coordination);
      matchedBits[doc] = 0;
      termMark[doc] = 0;
    }
    matchedMore.clear();
    return best.sorted();
  }
}

/** The best hits seen, by score and then id, without sorting all of them. */
class TopHits {
  private readonly hits: Hit[] = [];
  constructor(private readonly limit: number) {}

  offer(id: number, score: number): void {
    const hits = this.hits;
    if (this.limit === Infinity) {
      hits.push({ id, score });
      return;
    }
    const worst = hits[hits.length - 1];
    if (hits.length >= this.limit && worst && (score < worst.score || (score === worst.score && id > worst.id))) return;
    let at = hits.length;
    while (at > 0) {
      const before = hits[at - 1];
      if (!before || before.score > score || (before.score === score && before.id < id)) break;
      at--;
    }
    hits.splice(at, 0, { id, score });
    if (hits.length > this.limit) hits.pop();
  }

  sorted(): Hit[] {
    return this.limit === Infinity ? this.hits.sort((a, b) => b.score - a.score || a.id - b.id) : this.hits;
  }
}
