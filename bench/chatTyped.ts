/**
 * A formal question typed the way people type in chat, deterministically
 * from its position in the set: lower case, no question mark, a few chat
 * forms ("whats", "u", "r", "bc"), a greeting or filler before and after,
 * and, every other question, one slip in its longest word (two letters
 * swapped, or one dropped). Used to measure `--auto` on a corpus nobody wrote
 * chat messages for; the words are general chat English, none from a corpus.
 */
const BEFORE = ["", "ok so ", "quick q ", "anyone know ", "wait ", "ngl idk ", "hey bot ", "sorry late to this. "];
const AFTER = ["", " lol", " tbh", " ??", " pls", "", " rn"];

export function typeAsChat(question: string, position: number): string {
  let text = question
    .toLowerCase()
    .replace(/\?\s*$/, "")
    .replace(/\bwhat is\b/g, "whats")
    .replace(/\byou\b/g, "u")
    .replace(/\bare\b/g, "r")
    .replace(/\bbecause\b/g, "bc");
  if (position % 2 === 1) {
    const words = text.split(" ");
    const longest = words.reduce((best, word, i) => (word.length > (words[best] ?? "").length ? i : best), 0);
    const word = words[longest] ?? "";
    if (word.length >= 5)
      words[longest] = position % 4 === 1 ? word.slice(0, 2) + word.charAt(3) + word.charAt(2) + word.slice(4) : word.slice(0, 3) + word.slice(4);
    text = words.join(" ");
  }
  return `${BEFORE[position % BEFORE.length] ?? ""}${text}${AFTER[(position * 3) % AFTER.length] ?? ""}`;
}
