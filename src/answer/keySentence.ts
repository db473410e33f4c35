import { analyze } from "../index/analyzer.js";
import { rankKeySentences as rankByTerms } from "../index/keySentences.js";
import type { SentenceRef } from "../index/types.js";

/**
 * Picks a section's key sentence (see `index/keySentences.ts` for how):
 * the sentences ranked best first. The index keeps each section's ranking
 * ready ({@link SearchIndex.keySentencesOf}); this works on any sentences.
 */
export function rankKeySentences(heading: string, sentences: readonly SentenceRef[]): SentenceRef[] {
  const order = rankByTerms(
    new Set(analyze(heading)),
    sentences.map((ref) => new Set(analyze(ref.sentence.text))),
  );
  return order.map((i) => sentences[i]).filter((ref) => ref !== undefined);
}
