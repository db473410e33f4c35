import type { SearchIndex } from "../index/SearchIndex.js";
import type { AnalyzedQuestion, QuestionWord } from "./analyzeQuestion.js";
import type { AnswerIdentifier } from "./types.js";

export interface CoverageOptions {
  /**
   * Share of the question's meaning (its words weighted by rarity) that the
   * corpus must contain for an answer to be attempted.
   * @default 0.5, so a question whose main subject the corpus never mentions is refused
   */
  readonly minCoverage?: number;
}

export type Coverage =
  | { readonly covered: true }
  | { readonly covered: false; readonly identifier: AnswerIdentifier; readonly reason: string };

/**
 * Decides whether the corpus can answer a question at all, before ranking:
 * a ranker always returns *something*, so refusing has to rest on what the
 * corpus contains. A question is refused when a name it asks about appears
 * nowhere in the corpus, or when most of its (rarity-weighted) words do not.
 */
export function checkCoverage(question: AnalyzedQuestion, index: SearchIndex, options: CoverageOptions = {}): Coverage {
  const minCoverage = options.minCoverage ?? 0.5;
  const known = (word: QuestionWord) =>
    word.terms.some((term) => index.hasTerm(term)) ||
    // A word the corpus knows by another name ("UNSC" → "Security Council") is known.
    question.expansions.some(
      (expansion) =>
        word.terms.some((term) => expansion.matched.includes(term)) &&
        expansion.phrases.some((phrase) => phrase.every((term) => index.hasTerm(term))),
    );

  const unknown = question.words.filter((word) => !known(word));
  const unknownNames = unknown.filter((word) => word.isName);
  if (unknownNames.length > 0) {
    const names = [...new Set(unknownNames.map((word) => word.surface))];
    return {
      covered: false,
      identifier: "unknown-names",
      reason: `The sources don't mention ${formatList(names.map((name) => `“${name}”`))}, so they can't answer this.`,
    };
  }

  const total = index.sentences.length;
  // Rarer words say more about what a question is about (inverse document
  // frequency). A word the corpus lacks weighs as much as its rarest word,
  // not more: a missing everyday verb ("supposed") must not outweigh the
  // subject words that are there; missing names were dealt with above.
  const weight = (word: QuestionWord) =>
    Math.max(...word.terms.map((term) => Math.log((total + 1) / (Math.max(1, index.documentFrequency(term)) + 0.5))));
  let all = 0;
  let found = 0;
  for (const word of question.words) {
    const w = weight(word);
    all += w;
    if (!unknown.includes(word)) found += w;
  }
  if (all === 0 || found / all < minCoverage) {
    return {
      covered: false,
      identifier: "not-in-corpus",
      reason: "The sources don't say: nothing in them matches this question.",
    };
  }
  return { covered: true };
}

function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
