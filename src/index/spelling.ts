/**
 * Folds British spellings to American ones so that "stabilisation" finds
 * "stabilization", "favour" finds "favor", "centre" finds "center".
 *
 * The same folding runs on documents and questions, so a rule that also
 * rewrites an unrelated word (promise → promize) is harmless unless it makes
 * two different words collide; the rules below are chosen to avoid that, which
 * is why, for instance, the doubled consonant of "travelled" is left alone
 * ("filled" would become "filed").
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // stabilisation, organisations, demilitarised, recognising, analyse
  [/^(\w{3,})isation(s?)$/, "$1ization$2"],
  [/^(\w{3,})is(e|es|ed|ing|er|ers)$/, "$1iz$2"],
  [/^(\w{2,})ys(e|es|ed|ing)$/, "$1yz$2"],
  // favour, honourable, colours, behaviour, favourite
  [/^(\w{2,}[^aeo])our(s|ed|ing|able|ably|ite|ites|ful|less)?$/, "$1or$2"],
  // centre, theatres, metre
  [/^(\w{2,})tre(s|d)?$/, "$1ter$2"],
  // catalogue, dialogues
  [/^(\w{3,})ogue(s)?$/, "$1og$2"],
  // defence, offence, licence, pretence
  [/^(\w*)(fen|cen|ten)ce(s)?$/, "$1$2se$3"],
];

/** American spelling of a lower-case word; other words pass through unchanged. */
export function foldSpelling(word: string): string {
  if (word.length < 5) return word;
  for (const [pattern, replacement] of RULES) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}
