/**
 * Dated answers: when documents of different dates answer, a question about
 * the present is answered from the newest, and the older answers follow as
 * what was said earlier; other questions keep their relevance order, newest
 * first among near-equals.
 */

/** Words that ask about now: "still", "yet", "currently", "latest"… wherever they stand. */
const NOW_WORDS = /\b(?:still|yet|now|nowadays|currently|current|latest|newest|today|anymore|at the moment|at present|these days|so far|as of|up to date)\b/i;
/**
 * A question opening with a present-tense auxiliary asks for a status as it
 * stands: "has … decided", "is the ferry running", "does it sail daily".
 */
const PRESENT_OPENING = /^\s*(?:has|have|hasn't|haven't|is|are|isn't|aren't|does|do|doesn't|don't|can|can't|will|won't)\b/i;
/** Words that anchor a question in the past or at a date, which then is not about now. */
const PAST_ANCHOR =
  /\b(?:in (?:january|february|march|april|may|june|july|august|september|october|november|december)|in \d{4}|last (?:year|month|week)|originally|at first|initially|before)\b/i;

/** Whether a question asks how things stand now, so the newest document should answer it. */
export function asksAboutNow(question: string): boolean {
  if (PAST_ANCHOR.test(question)) return false;
  return NOW_WORDS.test(question) || PRESENT_OPENING.test(question);
}

export interface Ranked {
  readonly id: number;
  readonly score: number;
}

export const DATE_ORDER_DEFAULTS = {
  /**
   * Scores within this share of the best count as equally relevant, and the
   * newer document goes first: 5% is below the differences the scorer
   * means (a matched name, a closer phrase), above rounding noise.
   */
  nearEqual: 0.05,
  /** Sentences looked at for the newest answer: the best of a ranking is where the answers are; the rest only costs time. */
  maxCandidates: 50,
} satisfies Required<DateOrderOptions>;

export interface DateOrderOptions {
  readonly nearEqual?: number;
  readonly maxCandidates?: number;
}

/**
 * Reorders a ranking by the dates of the documents its sentences are in.
 * For a question about now, the sentences of the newest document among those
 * that answer it (`eligible`) come first, `promoted` past any cut by score:
 * the newest report says how things stand even when an older one matches the
 * question's words better. Otherwise near-equal scores put the newer first.
 * Undated sentences keep their place.
 *
 * @param dateOf a sentence's document date, `YYYY-MM-DD`, if it has one
 * @returns the new ranking, and the newest date when it decided the order
 */
export function orderByDate<R extends Ranked>(
  ranked: readonly R[],
  dateOf: (id: number) => string | undefined,
  aboutNow: boolean,
  eligible: (entry: R) => boolean,
  options: DateOrderOptions = {},
): { ranked: R[]; newest?: string; promoted: ReadonlySet<R> } {
  const { nearEqual, maxCandidates } = { ...DATE_ORDER_DEFAULTS, ...options };
  const candidates = ranked.slice(0, maxCandidates).filter(eligible);
  const dates = new Set(candidates.map((entry) => dateOf(entry.id)).filter((date): date is string => date !== undefined));
  if (dates.size < 2) return { ranked: [...ranked], promoted: new Set() };
  if (aboutNow) {
    const newest = [...dates].sort().at(-1) ?? "";
    const first = candidates.filter((entry) => dateOf(entry.id) === newest);
    const taken = new Set(first);
    return { ranked: [...first, ...ranked.filter((entry) => !taken.has(entry))], newest, promoted: taken };
  }
  const best = ranked[0]?.score ?? 0;
  const margin = Math.abs(best) * nearEqual;
  const order = [...ranked];
  // Insertion sort with a tolerance: stable, and only near-equal neighbours ever swap.
  for (let i = 1; i < order.length; i++) {
    for (let j = i; j > 0; j--) {
      const [before, after] = [order[j - 1], order[j]];
      if (!before || !after || before.score - after.score > margin) break;
      const [a, b] = [dateOf(before.id), dateOf(after.id)];
      if (a === undefined || b === undefined || b <= a) break;
      order[j - 1] = after;
      order[j] = before;
    }
  }
  return { ranked: order, promoted: new Set() };
}
