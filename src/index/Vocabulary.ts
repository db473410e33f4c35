import SearchableMap from "minisearch/SearchableMap";
import { normalizeToken, termsOf, type Token } from "./analyzer.js";
import { runSteps, ticker, type Steps } from "./steps.js";

/** A vocabulary as plain data, for the saved index. */
export interface VocabularyData {
  /** Every index term with the number of sentences that contain it. */
  readonly terms: readonly (readonly [string, number])[];
  /** Every word as written (folded, unstemmed) with its index term. */
  readonly words: readonly (readonly [string, string])[];
}

/** Edit distance allowed for a typo in a term of this length: none for short terms. */
export function typoDistance(term: string): number {
  return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
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

/**
 * Counts a corpus's terms sentence by sentence. Counted in plain maps and
 * turned into radix trees once: a tree insert per token costs far more than
 * a hash lookup, and most tokens repeat.
 */
export class VocabularyBuilder {
  private readonly frequency = new Map<string, number>();
  private readonly words = new Map<string, string>();
  private readonly seenSurfaces = new Set<string>();

  /** Counts each term of a sentence once. */
  addSentence(tokens: readonly Token[]): void {
    const seen = new Set<string>();
    for (const { surface } of tokens) {
      const terms = termsOf(surface);
      for (const term of terms) {
        if (seen.has(term)) continue;
        seen.add(term);
        this.frequency.set(term, (this.frequency.get(term) ?? 0) + 1);
      }
      if (this.seenSurfaces.has(surface)) continue;
      this.seenSurfaces.add(surface);
      if (!surface.includes("-") && terms[0] !== undefined) this.words.set(normalizeToken(surface), terms[0]);
    }
  }

  /** Headings and titles can answer "who is the author?" too: their terms count as known. */
  addKnownTerms(terms: readonly string[]): void {
    for (const term of terms) if (!this.frequency.has(term)) this.frequency.set(term, 1);
  }

  build(): Vocabulary {
    return Vocabulary.fromData({ terms: [...this.frequency], words: [...this.words] });
  }
}

/**
 * The corpus's words: how many sentences hold each term, and the corpus's
 * own spelling of a mistyped one.
 */
export class Vocabulary {
  /** Every index term, with the number of sentences that contain it. */
  private readonly terms: SearchableMap<number>;
  /** Every word as written (case- and spelling-folded, unstemmed), with its term. */
  private readonly words: SearchableMap<string>;

  private constructor(terms: SearchableMap<number>, words: SearchableMap<string>) {
    this.terms = terms;
    this.words = words;
  }

  static fromData(data: VocabularyData): Vocabulary {
    return runSteps(Vocabulary.stepsFromData(data));
  }

  /** {@link fromData} in chunks of 5,000 entries: a radix tree insert costs microseconds. */
  static *stepsFromData(data: VocabularyData): Steps<Vocabulary> {
    const tick = ticker(5_000);
    const terms = new SearchableMap<number>();
    for (const [term, count] of data.terms) {
      terms.set(term, count);
      if (tick()) yield;
    }
    const words = new SearchableMap<string>();
    for (const [word, term] of data.words) {
      words.set(word, term);
      if (tick()) yield;
    }
    return new Vocabulary(terms, words);
  }

  toData(): VocabularyData {
    return { terms: [...this.terms], words: [...this.words] };
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.terms.size;
  }

  /** Number of sentences containing `term` exactly, 0 when the corpus lacks it. */
  documentFrequency(term: string): number {
    return this.terms.get(term) ?? 0;
  }

  /**
   * The corpus's own spelling of a term: the term itself when the corpus has
   * it, else the closest within typo distance, preferring the more frequent
   * on a tie, else `undefined`. With the word as `written`, the typo is looked
   * for among whole words first ("stabilisaton" → "stabilization"), since a
   * stemmer cannot be trusted to cut a misspelt word where it cuts the real one.
   */
  resolveTerm(term: string, written?: string): string | undefined {
    if (this.terms.has(term)) return term;
    if (written !== undefined) {
      const word = normalizeToken(written);
      const closest = closestKey(this.words, word, (candidate) => this.documentFrequency(this.words.get(candidate) ?? ""));
      if (closest !== undefined) return this.words.get(closest);
    }
    return closestKey(this.terms, term, (candidate) => this.terms.get(candidate) ?? 0);
  }

  /**
   * Whether the corpus has `term`, allowing for a typo or a longer form
   * ("pakistan" also finds "pakistani").
   */
  hasTerm(term: string): boolean {
    return this.resolveTerm(term) !== undefined || (term.length >= 4 && this.terms.atPrefix(term).size > 0);
  }

  /** The corpus terms that start with `term`, itself included if present. */
  longerForms(term: string): IterableIterator<string> {
    return this.terms.atPrefix(term).keys();
  }
}
