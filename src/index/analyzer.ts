import { stemmer } from "stemmer";
import { eng } from "stopword";
import { foldSpelling } from "./spelling.js";

/**
 * Words that carry no meaning in a question ("tell me about …") on top of the
 * usual English stopwords. They are dropped from questions only.
 */
const QUESTION_WORDS = [
  "what",
  "which",
  "who",
  "whom",
  "whose",
  "when",
  "where",
  "why",
  "how",
  "tell",
  "explain",
  "describe",
  "mean",
  "means",
  "please",
  "know",
  "say",
  "says",
  "said",
  "happen",
  "happened",
  "doing",
  "anything",
  "something",
  "info",
  "information",
  "details",
];

/** Function words missing from the `stopword` package's English list. */
const MORE_STOPWORDS = ["us", "does", "its", "will", "onto", "shall", "might", "must", "upon", "whether", "via", "per", "just"];

const STOPWORDS = new Set<string>([...eng.map((word) => word.toLowerCase()), ...MORE_STOPWORDS]);
/**
 * In a document "us" is the pronoun unless written "US", but people type
 * questions in lower case ("us reaction to the offer"), where it is far more
 * likely the country than "tell us".
 */
const QUESTION_STOPWORDS = new Set<string>([...STOPWORDS, ...QUESTION_WORDS].filter((word) => word !== "us"));

/**
 * Letters and digits, with inner apostrophes, hyphens and dots kept for now so
 * that "U.S.", "20-point" and "Pakistan’s" arrive whole at {@link normalizeToken}.
 */
const TOKEN = /[\p{L}\p{N}]+(?:[’'.-][\p{L}\p{N}]+)*\.?/gu;

export interface Token {
  /** The word as written. */
  readonly surface: string;
  /** Offset in the analysed text. */
  readonly start: number;
}

/** Splits text into word tokens. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let surface = match[0];
    // A trailing dot is kept only for initialisms ("U.S."), not sentence ends.
    if (surface.endsWith(".") && !/^(?:\p{L}\.)+$/u.test(surface)) surface = surface.slice(0, -1);
    tokens.push({ surface, start: match.index });
  }
  return tokens;
}

/** True for a word written in capitals, such as "US" or "U.S.": an acronym, never a stopword. */
export function isAcronym(surface: string): boolean {
  const letters = surface.replace(/\./g, "");
  return letters.length >= 2 && /^\p{Lu}+$/u.test(letters);
}

/**
 * Case-, accent- and punctuation-folded form of a word, before stemming:
 * "Pakistan’s" → "pakistan", "U.S." → "us", "Stabilisation" → "stabilization".
 */
export function normalizeToken(surface: string): string {
  const folded = surface
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’]s$/u, "")
    .replace(/['’.]/gu, "");
  return foldSpelling(folded);
}

export interface AnalyzeOptions {
  /**
   * Also drop words that only frame a question ("tell", "explain").
   * @default false, because in documents those words carry meaning.
   */
  readonly question?: boolean;
}

/**
 * The index term for one token, or `null` for a stopword. Acronyms are kept
 * even when their lower-case form is a stopword ("US" is not "us").
 * Hyphenated words are split into their parts by {@link termsOf}.
 */
export function termOf(surface: string, options: AnalyzeOptions = {}): string | null {
  const normal = normalizeToken(surface);
  if (normal === "") return null;
  const stop = options.question ? QUESTION_STOPWORDS : STOPWORDS;
  if (!isAcronym(surface) && stop.has(normal)) return null;
  return /^\p{N}+$/u.test(normal) ? normal : stemmer(normal);
}

/**
 * Terms already worked out, per surface form, for documents and for questions.
 * Word frequencies are Zipfian, so indexing a corpus meets the same few
 * thousand words over and over, and folds and stems each only once. Bounded
 * so that a stream of made-up words cannot grow it without end.
 */
const termCache = { document: new Map<string, readonly string[]>(), question: new Map<string, readonly string[]>() };
const TERM_CACHE_SIZE = 200_000;

/** All index terms of one token: a hyphenated word yields its parts and the whole. */
export function termsOf(surface: string, options: AnalyzeOptions = {}): readonly string[] {
  const cache = options.question ? termCache.question : termCache.document;
  let terms = cache.get(surface);
  if (terms === undefined) {
    if (cache.size >= TERM_CACHE_SIZE) cache.clear();
    terms = computeTerms(surface, options);
    cache.set(surface, terms);
  }
  return terms;
}

function computeTerms(surface: string, options: AnalyzeOptions): readonly string[] {
  if (!surface.includes("-")) {
    const term = termOf(surface, options);
    return term === null ? [] : [term];
  }
  const terms = new Set<string>();
  for (const part of surface.split("-")) {
    const term = termOf(part, options);
    if (term !== null) terms.add(term);
  }
  const whole = termOf(surface.replace(/-/g, ""), options);
  if (whole !== null) terms.add(whole);
  return [...terms];
}

/** Analyses a text into index terms, in order, stopwords removed. */
export function analyze(text: string, options: AnalyzeOptions = {}): string[] {
  return tokenize(text).flatMap((token) => termsOf(token.surface, options));
}
