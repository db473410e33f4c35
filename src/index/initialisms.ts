import { tokenize, type Token } from "./analyzer.js";

/**
 * Small words that may sit inside a name without giving it a letter:
 * "Food and Agriculture Organization" is FAO.
 */
const CONNECTORS = new Set(["of", "and", "for", "the", "de", "&"]);

/** Longest initialism derived, in letters: longer runs of capitals are lists or titles, not names. */
const MAX_LETTERS = 5;

const ROMAN: Record<string, string> = { II: "2", III: "3", IV: "4", V: "5", VI: "6", VII: "7", VIII: "8", IX: "9", X: "10" };

/** Words that start most sentences capitalised without being part of a name. */
const LEADING = new Set([
  "The",
  "A",
  "An",
  "In",
  "On",
  "At",
  "By",
  "For",
  "From",
  "During",
  "After",
  "Before",
  "Since",
  "This",
  "These",
  "Its",
  "His",
  "Her",
  "Their",
]);

const isCapitalised = (word: string) => /^\p{Lu}\p{Ll}/u.test(word);
const isNumeral = (word: string) => ROMAN[word] !== undefined || /^\d{1,2}$/.test(word);

/**
 * The multi-word names of a text: runs of capitalised words, with small
 * connectors inside ("Bank of England") and a closing numeral ("World War II").
 */
export function findNames(text: string, tokens: readonly Token[] = tokenize(text)): string[][] {
  const names: string[][] = [];
  let run: string[] = [];
  const close = () => {
    while (run.length > 0 && CONNECTORS.has(run.at(-1)?.toLowerCase() ?? "")) run.pop();
    // "Iceland and Norway" is two names; "Food and Agriculture Organization" is one, its head after "and".
    const and = run.findLastIndex((word) => word === "and" || word === "&");
    if (and >= 0 && run.slice(and + 1).filter(isCapitalised).length < 2) run = run.slice(and + 1);
    const capitals = run.filter(isCapitalised).length;
    if (capitals >= 2 && capitals <= MAX_LETTERS) names.push(run);
    run = [];
  };
  tokens.forEach((token, i) => {
    const word = token.surface;
    // A name does not run across punctuation: "Denmark, Iceland and Norway" is a list.
    const before = tokens[i - 1];
    if (run.length > 0 && before && text.slice(before.start + before.surface.length, token.start) !== " ") close();
    if (isCapitalised(word) && !(run.length === 0 && LEADING.has(word))) run.push(word);
    else if (run.length > 0 && CONNECTORS.has(word.toLowerCase())) {
      // "Bank of the North" holds two small words in a row; "England and the Food …" is two names.
      const last = run.at(-1)?.toLowerCase() ?? "";
      if (!CONNECTORS.has(last) || (last === "of" && word.toLowerCase() === "the")) run.push(word);
      else close();
    } else if (run.length > 0 && isNumeral(word)) {
      run.push(word);
      close();
    } else close();
  });
  close();
  return names;
}

/**
 * The initialisms of a name: its capitalised words' first letters with any
 * closing numeral, as a Roman and an Arabic numeral ("World War II" → WWII, WW2).
 */
export function initialismsOf(name: readonly string[]): string[] {
  const letters = name
    .filter(isCapitalised)
    .map((word) => word.charAt(0))
    .join("");
  const last = name.at(-1) ?? "";
  if (!isNumeral(last)) return [letters];
  const arabic = ROMAN[last] ?? last;
  return [...new Set([letters + last, letters + arabic])];
}

/**
 * Initialisms of the corpus's own multi-word names, as [initialism, name]
 * pairs, so that a question saying "WWII" finds "World War II". Two-letter
 * initialisms are ambiguous ("SP", "UK"), so they are only kept when the
 * corpus writes them too: a body named in full and by its initials.
 */
export function findInitialisms(texts: Iterable<string>): Array<[string, string]> {
  const names = new Map<string, string>();
  const written = new Set<string>();
  for (const text of texts) {
    const tokens = tokenize(text);
    for (const name of findNames(text, tokens)) {
      const full = name.join(" ");
      for (const initials of initialismsOf(name)) if (!names.has(`${initials}\u0000${full}`)) names.set(`${initials}\u0000${full}`, initials);
    }
    for (const token of tokens) if (/^\p{Lu}{2}$/u.test(token.surface)) written.add(token.surface);
  }
  const pairs: Array<[string, string]> = [];
  for (const [key, initials] of names) {
    if (initials.length < 2 || (initials.length === 2 && !written.has(initials))) continue;
    pairs.push([initials, key.slice(key.indexOf("\u0000") + 1)]);
  }
  return pairs;
}
