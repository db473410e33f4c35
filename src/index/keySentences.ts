/**
 * Ranks a section's sentences by how well each states the section's point,
 * extractively: the sentence that shares the most words with the section's
 * heading and with the section's other sentences (the point the section
 * keeps returning to), with a small bonus for coming first, where writers
 * usually put their point.
 *
 * Linear in the section's words: how many other sentences share a term is
 * counted once per term, not by comparing every pair of sentences.
 *
 * @param sentenceTerms each sentence's distinct terms, in order
 * @returns positions into `sentenceTerms`, best first, ties in reading order
 */
export function rankKeySentences(headingTerms: ReadonlySet<string>, sentenceTerms: readonly ReadonlySet<string>[]): number[] {
  const sentencesWith = new Map<string, number>();
  for (const terms of sentenceTerms) for (const term of terms) sentencesWith.set(term, (sentencesWith.get(term) ?? 0) + 1);
  const scores = sentenceTerms.map((terms, i) => {
    let shared = 0;
    let onHeading = 0;
    for (const term of terms) {
      shared += (sentencesWith.get(term) ?? 1) - 1;
      if (headingTerms.has(term)) onHeading++;
    }
    // Dividing by the square root favours dense sentences without punishing length outright.
    const centrality = terms.size === 0 ? 0 : shared / Math.sqrt(terms.size);
    return centrality + 2 * onHeading + (i === 0 ? 1 : 0);
  });
  return scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}
