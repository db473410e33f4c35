import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from "minisearch";
import { termsOf, tokenize } from "./analyzer.js";
import { headingOf, type CorpusTables } from "./CorpusTables.js";
import type { ResolvedSearchIndexOptions } from "./options.js";
import { coordination, mergeWeights } from "./queryWeights.js";
import type { Hit, QueryTerm } from "./types.js";

// Index fields hold already-tokenised surfaces; terms come from the analyzer.
const tokenizeField = (text: string) => tokenize(text).map((token) => token.surface);
const processField = (surface: string) => {
  const terms = termsOf(surface);
  return terms.length === 0 ? null : terms.length === 1 ? terms[0] : [...terms];
};
// Queries arrive as analysed terms joined by spaces.
const tokenizeQuery = (text: string) => text.split(" ").filter(Boolean);
const identity = (term: string) => term;

function miniSearchOptions(options: ResolvedSearchIndexOptions): Options {
  return {
    idField: "id",
    tokenize: tokenizeField,
    processTerm: processField,
    fields: ["text", "heading", "title"],
    searchOptions: { boost: { text: 1, heading: options.headingBoost, title: options.titleBoost } },
  };
}

/** Full-text search over paragraphs (text, section heading, document title) with MiniSearch. */
export class ParagraphSearch {
  private constructor(
    private readonly index: MiniSearch,
    private readonly options: ResolvedSearchIndexOptions,
  ) {}

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

  /** Paragraphs matching any query term, best first, ties in corpus order. */
  search(terms: readonly QueryTerm[]): Hit[] {
    if (terms.length === 0) return [];
    const weights = mergeWeights(terms);
    const results: SearchResult[] = this.index.search([...weights.keys()].join(" "), {
      tokenize: tokenizeQuery,
      processTerm: identity,
      combineWith: "OR",
      prefix: (term) => term.length >= 4,
      weights: { fuzzy: 0, prefix: this.options.prefixWeight },
      boostTerm: (term) => weights.get(term) ?? 1,
      bm25: this.options.bm25,
    });
    return results
      .map((result) => ({ id: result.id as number, score: (result.score / Math.max(1, result.queryTerms.length)) * coordination(result.queryTerms, weights) }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
