import { analyze } from "../index/analyzer.js";
import type { SentenceRef } from "../index/SearchIndex.js";

/**
 * Picks a section's key sentence, extractively: the sentence that shares the
 * most words with the section's heading and with the section's other
 * sentences (the point the section keeps returning to), with a small bonus for
 * coming first, where writers usually put their point.
 *
 * @returns the sentences ranked best first
 */
export function rankKeySentences(heading: string, sentences: readonly SentenceRef[]): SentenceRef[] {
  const termsOf = sentences.map((ref) => new Set(analyze(ref.sentence.text)));
  const headingTerms = new Set(analyze(heading));
  const scored = sentences.map((ref, i) => {
    const terms = termsOf[i] ?? new Set<string>();
    let shared = 0;
    for (const term of terms) {
      for (let j = 0; j < termsOf.length; j++) if (j !== i && termsOf[j]?.has(term)) shared++;
    }
    let onHeading = 0;
    for (const term of headingTerms) if (terms.has(term)) onHeading++;
    // Dividing by the square root favours dense sentences without punishing length outright.
    const centrality = terms.size === 0 ? 0 : shared / Math.sqrt(terms.size);
    const score = centrality + 2 * onHeading + (i === 0 ? 1 : 0);
    return { ref, score, i };
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((entry) => entry.ref);
}
