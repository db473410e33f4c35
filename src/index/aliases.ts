import { analyze, tokenize } from "./analyzer.js";
import { findInitialisms } from "./initialisms.js";

/**
 * Groups of phrases that name the same thing, each phrase as index terms.
 * "International Stabilisation Force (ISF)" gives the group
 * `[["isf"], ["intern", "stabil", "forc"]]`.
 */
export type AliasGroup = readonly (readonly string[])[];

/** Small words an acronym's letters usually skip: "Food and Agriculture Organization (FAO)". */
const SKIPPED_IN_ACRONYMS = new Set(["of", "for", "the", "and", "on", "in", "to", "de", "&"]);

const DEFINED_ACRONYM = /\(\s*(\p{Lu}[\p{Lu}\p{N}&]{1,9})s?\s*\)/gu;

/**
 * Finds acronyms that a text defines itself, as in "International
 * Stabilisation Force (ISF)": the words before the parenthesis whose initials
 * spell the acronym.
 *
 * @returns pairs of [acronym, expansion as written]
 */
export function findDefinedAcronyms(text: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const match of text.matchAll(DEFINED_ACRONYM)) {
    const acronym = match[1] ?? "";
    const letters = acronym.replace(/&/g, "").toLowerCase();
    const before = tokenize(text.slice(Math.max(0, match.index - 160), match.index)).map((t) => t.surface);
    // Walk back from the parenthesis, matching the acronym's letters from the end.
    let remaining = letters;
    let first = before.length;
    for (let i = before.length - 1; i >= 0 && remaining.length > 0; i--) {
      const word = before[i] ?? "";
      const lower = word.toLowerCase();
      if (SKIPPED_IN_ACRONYMS.has(lower)) continue;
      // Hyphenated words may give one letter per part ("Non-Governmental").
      const initials = word
        .split("-")
        .map((part) => part.charAt(0).toLowerCase())
        .join("");
      if (remaining.endsWith(initials)) remaining = remaining.slice(0, -initials.length);
      else if (remaining.endsWith(lower.charAt(0))) remaining = remaining.slice(0, -1);
      else break;
      first = i;
    }
    if (remaining.length === 0 && first < before.length) found.push([acronym, before.slice(first).join(" ")]);
  }
  return found;
}

/**
 * Builds alias groups from the operator's synonyms, the acronyms the
 * documents define ("Name (ABC)") and the initialisms of their multi-word
 * names ("World War II" → WWII, WW2). Phrases that analyse to nothing (only stopwords) are
 * dropped; groups left with fewer than two phrases are dropped.
 */
export function buildAliasGroups(synonyms: readonly (readonly string[])[], texts: Iterable<string>): AliasGroup[] {
  const groups: AliasGroup[] = [];
  const seen = new Set<string>();
  const add = (phrases: readonly string[]) => {
    const unique = new Map<string, string[]>();
    for (const phrase of phrases) {
      const terms = analyze(phrase);
      if (terms.length > 0) unique.set(terms.join(" "), terms);
    }
    const key = [...unique.keys()].sort().join("|");
    if (unique.size >= 2 && !seen.has(key)) {
      seen.add(key);
      groups.push([...unique.values()]);
    }
  };
  for (const group of synonyms) add(group);
  const all = [...texts];
  for (const text of all) for (const [acronym, expansion] of findDefinedAcronyms(text)) add([acronym, expansion]);
  for (const [initials, name] of findInitialisms(all)) add([initials, name]);
  return groups;
}

/**
 * True when `terms` contains `phrase`, or the end of a phrase of three or
 * more words ("stabilisation force" for "international stabilisation
 * force"): English puts the head noun last, so the tail names the same thing.
 */
function mentionsPhrase(terms: readonly string[], phrase: readonly string[]): boolean {
  for (let from = 0; from <= Math.max(0, phrase.length - 2); from++) {
    if (containsPhrase(terms, phrase.slice(from))) return true;
  }
  return false;
}

/** True when `terms` contains `phrase` as a contiguous run. */
function containsPhrase(terms: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

const lastTermIndexes = new WeakMap<readonly AliasGroup[], Map<string, AliasGroup[]>>();

/**
 * Alias groups by the last term of each of their phrases. A question can only
 * mention a phrase (or its tail) if it holds the phrase's last term, so only
 * those groups need checking: a large corpus has thousands of names.
 */
function groupsByLastTerm(groups: readonly AliasGroup[]): Map<string, AliasGroup[]> {
  let index = lastTermIndexes.get(groups);
  if (!index) {
    index = new Map();
    for (const group of groups) {
      for (const phrase of group) {
        const last = phrase.at(-1);
        if (last === undefined) continue;
        const list = index.get(last) ?? [];
        if (!list.includes(group)) list.push(group);
        index.set(last, list);
      }
    }
    lastTermIndexes.set(groups, index);
  }
  return index;
}

/** What an alias group adds to a question that names one of its phrases. */
export interface AliasExpansion {
  /** Terms of the question that matched a phrase of the group. */
  readonly matched: readonly string[];
  /** The group's other phrases, each as index terms. */
  readonly phrases: readonly (readonly string[])[];
}

/**
 * The phrases a question's terms imply through alias groups: for every group
 * with a phrase in the question, the group's other phrases.
 */
export function expandAliases(terms: readonly string[], groups: readonly AliasGroup[]): AliasExpansion[] {
  const expansions: AliasExpansion[] = [];
  const byLastTerm = groupsByLastTerm(groups);
  const candidates = new Set<AliasGroup>();
  for (const term of terms) for (const group of byLastTerm.get(term) ?? []) candidates.add(group);
  // In corpus order, as before the lookup existed.
  for (const group of groups.filter((g) => candidates.has(g))) {
    const present = group.filter((phrase) => mentionsPhrase(terms, phrase));
    if (present.length === 0) continue;
    const phrases = group.filter((phrase) => !present.includes(phrase));
    if (phrases.length > 0) expansions.push({ matched: present.flat(), phrases });
  }
  return expansions;
}
