import type { Section } from "../corpus/types.js";
import { analyze, termsOf, tokenize, type Token } from "./analyzer.js";
import { headingOf, type CorpusTables } from "./CorpusTables.js";
import type { ParagraphRef, SentenceRef, TermCounts } from "./types.js";

/** Sentences whose terms are kept for scoring; about 20 MB at most. */
const SENTENCE_CACHE_SIZE = 50_000;
/** Paragraphs whose term sets are kept for coverage checks. */
const PARAGRAPH_CACHE_SIZE = 20_000;

export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Length of a field as MiniSearch measures it: its distinct tokens. */
export function fieldLength(tokens: readonly Token[]): number {
  return new Set(tokens.map((token) => token.surface)).size;
}

/** Term counts of a heading field, as indexed for a passage of its section. */
export function headingTermCounts(ref: Pick<ParagraphRef, "document" | "section">): TermCounts {
  const terms = analyze(headingOf(ref));
  return { counts: countTerms(terms), length: terms.length };
}

/**
 * The analysed terms of passages, worked out when first needed and kept:
 * the passages of the best paragraphs are scored again for every question
 * about them. Bounded, so a large corpus does not keep a second copy of itself.
 */
export class TermCache {
  private readonly tables: CorpusTables;
  private readonly paragraphTermCache = new Map<number, ReadonlySet<string>>();
  private readonly headingTermCache = new Map<Section, TermCounts>();
  private readonly sentenceTermCache = new Map<number, TermCounts>();

  constructor(tables: CorpusTables) {
    this.tables = tables;
  }

  /** The index terms of a paragraph, with its section heading and document title. */
  paragraphTerms(id: number): ReadonlySet<string> {
    let terms = this.paragraphTermCache.get(id);
    if (!terms) {
      const ref = this.tables.paragraphs[id];
      terms = new Set(ref ? analyze(`${ref.paragraph.text} ${ref.section.heading} ${ref.document.title}`) : []);
      if (this.paragraphTermCache.size >= PARAGRAPH_CACHE_SIZE) this.paragraphTermCache.clear();
      this.paragraphTermCache.set(id, terms);
    }
    return terms;
  }

  /** Term counts of the heading field of a passage (one entry per section). */
  headingTerms(ref: ParagraphRef): TermCounts {
    let entry = this.headingTermCache.get(ref.section);
    if (!entry) {
      entry = headingTermCounts(ref);
      this.headingTermCache.set(ref.section, entry);
    }
    return entry;
  }

  /** A sentence's term frequencies and length. */
  sentenceTerms(ref: SentenceRef): TermCounts {
    let entry = this.sentenceTermCache.get(ref.id);
    if (!entry) {
      const tokens = tokenize(ref.sentence.text);
      entry = { counts: countTerms(tokens.flatMap((token) => termsOf(token.surface))), length: fieldLength(tokens) };
      if (this.sentenceTermCache.size >= SENTENCE_CACHE_SIZE) this.sentenceTermCache.clear();
      this.sentenceTermCache.set(ref.id, entry);
    }
    return entry;
  }
}
