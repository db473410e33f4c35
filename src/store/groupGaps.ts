import type { Gap } from "./types.js";

/** A refusal or a 👎 answer, as the gap report sees it. */
export interface GapItem {
  question: string;
  /** Words the corpus lacks, when the refusal knew them. */
  missingTerms: readonly string[];
  /** The question's analysed key terms (stemmed by the analyzer). */
  keyTerms: readonly string[];
}

/**
 * Groups refusals and 👎 answers into knowledge gaps.
 *
 * Each item is keyed by the words the corpus lacks when the refusal knows
 * them, else by its key terms; keys are lower-cased, deduplicated and sorted,
 * so "who commands the ISF" and "ISF commander?" (both [command, isf]) share
 * one. Then, largest group first (ties: fewer terms, then alphabetical), a
 * group whose terms are a subset or superset of an earlier group's joins that
 * group, which keeps its own terms. Joining compares with the earlier group's
 * own terms only, so groups do not snowball through chains.
 *
 * Items without any term are left out: there is nothing to name the gap by.
 *
 * @param items most recent first: the examples are a group's first two distinct questions
 * @param limit how many gaps to return, largest first
 */
export function groupGaps(items: readonly GapItem[], limit = 10): Gap[] {
  const exact = new Map<string, { terms: string[]; indices: number[] }>();
  items.forEach((item, index) => {
    const terms = normalizeTerms(item.missingTerms.length > 0 ? item.missingTerms : item.keyTerms);
    if (terms.length === 0) return;
    const key = terms.join(" ");
    const group = exact.get(key) ?? { terms, indices: [] };
    group.indices.push(index);
    exact.set(key, group);
  });

  const ordered = [...exact.values()].sort(
    (a, b) => b.indices.length - a.indices.length || a.terms.length - b.terms.length || compare(a.terms.join(" "), b.terms.join(" ")),
  );
  const merged: { terms: string[]; indices: number[] }[] = [];
  for (const group of ordered) {
    const home = merged.find((candidate) => isSubset(candidate.terms, group.terms) || isSubset(group.terms, candidate.terms));
    if (home) home.indices.push(...group.indices);
    else merged.push({ terms: group.terms, indices: [...group.indices] });
  }

  return merged
    .map((group) => ({
      terms: group.terms,
      count: group.indices.length,
      examples: distinctExamples(group.indices.sort((a, b) => a - b).map((index) => items[index]!.question)),
    }))
    .sort((a, b) => b.count - a.count || compare(a.terms.join(" "), b.terms.join(" ")))
    .slice(0, Math.max(0, limit));
}

/** Up to two questions that differ by more than case, spacing and punctuation at the ends. */
function distinctExamples(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  const examples: string[] = [];
  for (const question of questions) {
    const key = question
      .trim()
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, "");
    if (seen.has(key)) continue;
    seen.add(key);
    examples.push(question.trim());
    if (examples.length === 2) break;
  }
  return examples;
}

function normalizeTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.map((term) => term.trim().toLowerCase()).filter((term) => term !== ""))].sort(compare);
}

function isSubset(small: readonly string[], large: readonly string[]): boolean {
  return small.length <= large.length && small.every((term) => large.includes(term));
}

/** Code-point order, the same on every machine (unlike localeCompare). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
