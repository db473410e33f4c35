/**
 * Signs that a question asks the opposite of what a passage says: questions
 * written to look answerable from a passage often negate it ("What do these
 * models not have in common?") or swap a word for its opposite ("the least
 * well-known", where the text says "the most well-known"). Both are general
 * English, not any corpus's wording.
 */

const NEGATION = /\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without|unable)\b|n[’']t\b/i;

/** Whether a text negates: "not", "never", "isn't", "cannot"… */
export const negates = (text: string): boolean => NEGATION.test(text);

/**
 * Pairs of opposite words common in questions: degree, order, size, time,
 * direction and change. Comparative and superlative forms are listed as
 * words of their own, so no stemming is needed.
 */
const PAIRS: readonly (readonly [string, string])[] = [
  ["most", "least"],
  ["more", "less"],
  ["more", "fewer"],
  ["most", "fewest"],
  ["largest", "smallest"],
  ["larger", "smaller"],
  ["large", "small"],
  ["biggest", "smallest"],
  ["bigger", "smaller"],
  ["big", "small"],
  ["highest", "lowest"],
  ["higher", "lower"],
  ["high", "low"],
  ["longest", "shortest"],
  ["longer", "shorter"],
  ["long", "short"],
  ["lengthy", "short"],
  ["best", "worst"],
  ["better", "worse"],
  ["good", "bad"],
  ["first", "last"],
  ["earliest", "latest"],
  ["earlier", "later"],
  ["early", "late"],
  ["before", "after"],
  ["oldest", "newest"],
  ["oldest", "youngest"],
  ["older", "newer"],
  ["older", "younger"],
  ["old", "new"],
  ["old", "young"],
  ["ancient", "modern"],
  ["increase", "decrease"],
  ["increased", "decreased"],
  ["increasing", "decreasing"],
  ["rise", "fall"],
  ["rose", "fell"],
  ["gain", "loss"],
  ["gained", "lost"],
  ["win", "lose"],
  ["won", "lost"],
  ["north", "south"],
  ["northern", "southern"],
  ["east", "west"],
  ["eastern", "western"],
  ["upper", "lower"],
  ["inner", "outer"],
  ["major", "minor"],
  ["maximum", "minimum"],
  ["strongest", "weakest"],
  ["stronger", "weaker"],
  ["fastest", "slowest"],
  ["faster", "slower"],
  ["richest", "poorest"],
  ["hardest", "easiest"],
  ["harder", "easier"],
  ["hard", "easy"],
  ["difficult", "easy"],
  ["busiest", "quietest"],
  ["top", "bottom"],
  ["always", "never"],
  ["all", "none"],
  ["accept", "reject"],
  ["accepted", "rejected"],
  ["allow", "forbid"],
  ["allowed", "banned"],
  ["legal", "illegal"],
  ["public", "private"],
  ["open", "closed"],
  ["opened", "closed"],
  ["start", "end"],
  ["began", "ended"],
  ["beginning", "end"],
  ["entered", "left"],
  ["import", "export"],
  ["imports", "exports"],
  ["inside", "outside"],
  ["internal", "external"],
  ["positive", "negative"],
  ["true", "false"],
  ["same", "different"],
  ["common", "rare"],
  ["wet", "dry"],
  ["hot", "cold"],
  ["warm", "cold"],
  ["warmest", "coldest"],
];

const OPPOSITES = new Map<string, Set<string>>();
for (const [a, b] of PAIRS) {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    let set = OPPOSITES.get(x);
    if (!set) OPPOSITES.set(x, (set = new Set()));
    set.add(y);
  }
}

/**
 * How many of the question's words are missing from the passage while an
 * opposite of them is in it: "least" asked where the passage says "most".
 * Both take lower-cased words, stopwords kept.
 */
export function oppositesIn(question: readonly string[], passage: ReadonlySet<string>): number {
  let count = 0;
  for (const word of new Set(question)) {
    const opposites = OPPOSITES.get(word);
    if (!opposites || passage.has(word)) continue;
    for (const opposite of opposites) {
      if (passage.has(opposite)) {
        count++;
        break;
      }
    }
  }
  return count;
}
