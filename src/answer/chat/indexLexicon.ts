import { termOf } from "../../index/analyzer.js";
import { englishRank } from "../../index/englishRarity.js";
import type { SearchIndex } from "../../index/SearchIndex.js";
import { FILLERS } from "./chatForms.js";
import type { Lexicon } from "./readMessage.js";

/**
 * A clipped word is completed only when the corpus holds a word it starts
 * that is this many times more frequent than any other completion, so "pak"
 * becomes "pakistan" in a corpus about Pakistan and stays "pak" where it
 * could as well be "package" as "pakistan".
 */
const DOMINANCE = 2;
/**
 * A completion must occur in at least this share of the corpus's sentences
 * (and in two): a clipping stands for a word the corpus is about, not for a
 * rare one a typo happens to start ("ned" for "need" is not "Nederrijn").
 */
const MIN_SHARE = 0.01;
const FILLER_SET = new Set(FILLERS);

/** The corpus's words, as the chat reader asks about them. */
export function indexLexicon(index: SearchIndex): Lexicon {
  return {
    knows(word) {
      const term = termOf(word);
      return term !== null && index.documentFrequency(term) > 0;
    },
    complete(prefix) {
      // Any English word ("ned", "gig") means itself, not a clipping.
      if (prefix.length < 3 || FILLER_SET.has(prefix) || termOf(prefix) === null || englishRank(prefix) !== undefined) return undefined;
      // Forms of one word ("pakistan", "pakistani") count as one completion: the commonest stands for them.
      const groups = new Map<string, { term: string; count: number }>();
      for (const term of index.vocabulary.longerForms(prefix)) {
        if (term.length < prefix.length + 2) continue;
        const stem = term.slice(0, prefix.length + 4);
        const count = index.documentFrequency(term);
        const group = groups.get(stem);
        if (!group || count > group.count) groups.set(stem, { term, count: Math.max(count, group?.count ?? 0) });
      }
      const ranked = [...groups.values()].sort((a, b) => b.count - a.count);
      const [best, second] = ranked;
      if (!best || best.count < Math.max(2, MIN_SHARE * index.sentences.length) || (second && best.count < DOMINANCE * second.count)) return undefined;
      return best.term;
    },
  };
}
