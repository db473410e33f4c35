import { isAcronym, termsOf, tokenize } from "../index/analyzer.js";
import { expandAliases, type AliasExpansion } from "../index/aliases.js";
import { isEverydayWord } from "../index/englishRarity.js";
import type { QueryTerm, SearchIndex } from "../index/SearchIndex.js";
import { expectedAnswer, type AnswerKind } from "./expectedAnswer.js";

/** A content word of a question, as written and as index terms. */
export interface QuestionWord {
  readonly surface: string;
  readonly terms: readonly string[];
  /**
   * Looks like a name: capitalised inside the question, an acronym, or a
   * number. A question about a name the corpus never mentions cannot be
   * answered from it, however well its other words match.
   */
  readonly isName: boolean;
}

export interface AnalyzedQuestion {
  readonly words: readonly QuestionWord[];
  /** The question's own terms (weight 1) and alias expansions (lower weight). */
  readonly terms: readonly QueryTerm[];
  /** What alias groups add: a word they match counts as covered if an alternative is. */
  readonly expansions: readonly AliasExpansion[];
  /** The kind of answer the question's wording asks for, if it says. */
  readonly kind?: AnswerKind;
  /** The question named the document itself ("this article") or asked for a summary, words left out of `words`. */
  readonly namesDocument: boolean;
}

/**
 * Words for a document as a whole. "Who wrote this article?" asks about the
 * document the corpus holds, not about articles: after a determiner, and
 * when the corpus itself never uses the word, such a word names the
 * document and is left out of the question's content words.
 */
const DOCUMENT_WORDS = new Set([
  "article",
  "story",
  "piece",
  "text",
  "document",
  "page",
  "post",
  "essay",
  "paper",
  "report",
  "manual",
  "guide",
  "faq",
  "source",
  "sources",
]);
const DETERMINERS = new Set(["this", "the", "that", "these", "your", "its"]);
/** Words asking for a summary ("Summarise it", "give me an overview"), left out likewise when the corpus never uses them. */
const SUMMARY_WORDS = new Set(["summarise", "summarize", "summary", "overview", "gist", "recap", "tldr"]);

/**
 * Weight of a term added by an alias group, relative to the question's own.
 * Below 1 so that a passage using the question's exact words ranks first.
 */
const ALIAS_WEIGHT = 0.8;

export function analyzeQuestion(question: string, index: SearchIndex): AnalyzedQuestion {
  const tokens = tokenize(question);
  const words: QuestionWord[] = [];
  let namesDocument = false;
  tokens.forEach((token, position) => {
    // Spell-correct against the corpus so a typo still finds its word.
    const own = termsOf(token.surface, { question: true });
    const before = tokens[position - 1]?.surface.toLowerCase() ?? "";
    const lower = token.surface.toLowerCase();
    const aboutDocument = (DOCUMENT_WORDS.has(lower) && DETERMINERS.has(before)) || SUMMARY_WORDS.has(lower);
    if (aboutDocument && !own.some((term) => index.hasTerm(term))) {
      namesDocument = true;
      return;
    }
    const written = own.length === 1 ? token.surface : undefined;
    const terms = isEverydayWord(token.surface) ? own : own.map((term) => index.resolveTerm(term, written) ?? term);
    if (terms.length === 0) return;
    // The first word is capitalised anyway, so it only counts as a name if it is an acronym.
    const capitalised = position > 0 && /^\p{Lu}/u.test(token.surface);
    const isName = isAcronym(token.surface) || capitalised || /\p{N}/u.test(token.surface);
    words.push({ surface: token.surface, terms, isName });
  });
  const questionTerms = words.flatMap((word) => word.terms);
  const expansions = expandAliases(questionTerms, index.aliasGroups);
  const terms: QueryTerm[] = [
    ...questionTerms.map((term) => ({ term, weight: 1 })),
    // An alternative phrase counts about as much as one word, however long it
    // is, so a passage with "International Stabilisation Force (ISF)" is not
    // credited four times for one idea.
    ...expansions.flatMap((expansion) => expansion.phrases.flatMap((phrase) => phrase.map((term) => ({ term, weight: ALIAS_WEIGHT / phrase.length })))),
  ];
  const kind = expectedAnswer(question);
  return { words, terms, expansions, namesDocument, ...(kind ? { kind } : {}) };
}
