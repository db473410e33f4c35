import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import type SearchableMap from "minisearch/SearchableMap";
import { bm25 } from "./bm25.js";
import { termsOf, tokenize } from "./analyzer.js";
import { headingOf, type CorpusTables } from "./CorpusTables.js";
import type { ResolvedSearchIndexOptions } from "./options.js";
import { mergeWeights } from "./queryWeights.js";
import type { Hit, QueryTerm } from "./types.js";

// Index fields hold already-tokenised surfaces; terms come from the analyzer.
const tokenizeField = (text: string) => tokenize(text).map((token) => token.surface);
const processField = (surface: string) => {
  const terms = termsOf(surface);
  return terms.length === 0 ? null : terms.length === 1 ? terms[0] : [...terms];
};

const FIELDS = ["text", "heading", "title"] as const;

function miniSearchOptions(options: ResolvedSearchIndexOptions): Options {
  return {
    idField: "id",
    tokenize: tokenizeField,
    processTerm: processField,
    fields: [...FIELDS],
    searchOptions: { boost: { text: 1, heading: options.headingBoost, title: options.titleBoost } },
  };
}

/** The parts of a MiniSearch index that {@link ParagraphSearch.search} reads (minisearch 7). */
interface MiniSearchInternals {
  readonly _index: SearchableMap<Map<number, Map<number, number>>>;
  readonly _fieldIds: Record<string, number>;
  readonly _fieldLength: Map<number, number[]>;
  readonly _avgFieldLength: number[];
  readonly _documentCount: number;
  readonly _documentIds: Map<number, unknown>;
  readonly _nextId: number;
}

/** Scores kept between searches, so a search allocates nothing in proportion to the corpus. */
class Scratch {
  readonly total: Float64Array;
  readonly term: Float64Array;
  /** Per document: 0 unseen; else 1 + index of the last query term that touched it (for the term pass). */
  readonly termMark: Int32Array;
  readonly seen: Uint8Array;
  /** Query terms each document matched, as indexes into the query, in query order. */
  readonly matched: number[][];
  constructor(size: number) {
    this.total = new Float64Array(size);
    this.term = new Float64Array(size);
    this.termMark = new Int32Array(size);
    this.seen = new Uint8Array(size);
    this.matched = Array.from({ length: size }, () => []);
  }
}

/**
 * Full-text search over paragraphs (text, section heading, document title).
 * MiniSearch builds and stores the index; {@link search} scores it directly,
 * with exactly MiniSearch's arithmetic (BM25+, prefix weights, term boosts,
 * in the same order, so scores agree to the last bit) but into typed arrays
 * instead of a result object per matching paragraph, and keeps only the best
 * few: at 10,000 paragraphs a common word matches thousands of them.
 */
export class ParagraphSearch {
  private readonly internals: MiniSearchInternals;
  private readonly fields: readonly { readonly id: number; readonly boost: number; readonly lengths: Float64Array; readonly average: number }[];
  private readonly ids: Int32Array;
  private scratch: Scratch | undefined;

  private constructor(
    private readonly index: MiniSearch,
    private readonly options: ResolvedSearchIndexOptions,
  ) {
    this.internals = index as unknown as MiniSearchInternals;
    const { _fieldIds: fieldIds, _fieldLength: fieldLength, _avgFieldLength: average, _documentIds: documentIds, _nextId: size } = this.internals;
    const boosts: Record<string, number> = { text: 1, heading: options.headingBoost, title: options.titleBoost };
    this.ids = new Int32Array(size).fill(-1);
    for (const [shortId, id] of documentIds) this.ids[shortId] = id as number;
    // MiniSearch reads a boost of 0 as 1 (`boost || 1`); so does this.
    this.fields = FIELDS.map((name) => {
      const id = fieldIds[name] ?? 0;
      const lengths = new Float64Array(size);
      for (const [shortId, perField] of fieldLength) lengths[shortId] = perField[id] ?? 0;
      return { id, boost: boosts[name] || 1, lengths, average: average[id] ?? 1 };
    });
  }

  static build(tables: CorpusTables, options: ResolvedSearchIndexOptions): ParagraphSearch {
    const index = new MiniSearch(miniSearchOptions(options));
    index.addAll(tables.paragraphs.map((ref) => ({ id: ref.id, text: ref.paragraph.text, heading: headingOf(ref), title: ref.document.title })));
    return new ParagraphSearch(index, options);
  }

  /** Restores a saved index, giving the event loop turns while it does. */
  static async load(saved: AsPlainObject, options: ResolvedSearchIndexOptions): Promise<ParagraphSearch> {
    return new ParagraphSearch(await MiniSearch.loadJSAsync(saved, miniSearchOptions(options)), options);
  }

  /** Restores a saved index in one go. */
  static loadSync(saved: AsPlainObject, options: ResolvedSearchIndexOptions): ParagraphSearch {
    return new ParagraphSearch(MiniSearch.loadJS(saved, miniSearchOptions(options)), options);
  }

  toJSON(): AsPlainObject {
    return this.index.toJSON();
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  /**
   * Paragraphs matching any query term, best first, ties in corpus order:
   * the `limit` best, or all of them.
   */
  search(terms: readonly QueryTerm[], limit = Infinity): Hit[] {
    if (terms.length === 0 || limit <= 0) return [];
    const weights = mergeWeights(terms);
    const query = [...weights.keys()];
    const { _index: index, _documentCount: documentCount } = this.internals;
    const scratch = (this.scratch ??= new Scratch(this.ids.length));
    const { total, term: termScore, termMark, seen, matched } = scratch;
    const { prefixWeight, bm25: params } = this.options;
    const touched: number[] = [];
    const termTouched: number[] = [];

    const addTerm = (data: Map<number, Map<number, number>> | undefined, weight: number, termBoost: number, mark: number) => {
      if (!data) return;
      for (const field of this.fields) {
        const frequencies = data.get(field.id);
        if (!frequencies) continue;
        const matching = frequencies.size;
        const factor = weight * termBoost * field.boost;
        for (const [doc, frequency] of frequencies) {
          const score = factor * bm25(frequency, matching, documentCount, field.lengths[doc] ?? 0, field.average, params);
          if (termMark[doc] === mark) termScore[doc] = (termScore[doc] ?? 0) + score;
          else {
            termMark[doc] = mark;
            termScore[doc] = score;
            termTouched.push(doc);
          }
        }
      }
    };

    query.forEach((source, q) => {
      const termBoost = weights.get(source) ?? 1;
      const mark = q + 1;
      termTouched.length = 0;
      addTerm(index.get(source), 1, termBoost, mark);
      if (source.length >= 4) {
        for (const [longer, data] of index.atPrefix(source)) {
          const distance = longer.length - source.length;
          if (!distance) continue;
          addTerm(data, (prefixWeight * longer.length) / (longer.length + 0.3 * distance), termBoost, mark);
        }
      }
      // Each query term's scores are summed first and then added to the total, as MiniSearch's OR does.
      for (const doc of termTouched) {
        if (seen[doc]) total[doc] = (total[doc] ?? 0) + (termScore[doc] ?? 0);
        else {
          seen[doc] = 1;
          total[doc] = termScore[doc] ?? 0;
          touched.push(doc);
        }
        matched[doc]?.push(q);
      }
    });

    const best = new TopHits(limit);
    for (const doc of touched) {
      const queryTerms = matched[doc] ?? [];
      const count = queryTerms.length;
      let coordination = 0;
      for (const q of queryTerms) coordination += weights.get(query[q] ?? "") ?? 1;
      // MiniSearch multiplies by the number of matched terms and this divides it out again; kept, for the same rounding.
      best.offer(this.ids[doc] ?? -1, (((total[doc] ?? 0) * count) / Math.max(1, count)) * coordination);
      seen[doc] = 0;
      termMark[doc] = 0;
      queryTerms.length = 0;
    }
    return best.sorted();
  }
}

/** The best hits seen, by score and then id, without sorting all of them. */
class TopHits {
  private readonly hits: Hit[] = [];
  constructor(private readonly limit: number) {}

  offer(id: number, score: number): void {
    const hits = this.hits;
    if (hits.length >= this.limit) {
      const worst = hits[hits.length - 1];
      if (worst && (score < worst.score || (score === worst.score && id > worst.id))) return;
    }
    if (this.limit === Infinity) {
      hits.push({ id, score });
      return;
    }
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
