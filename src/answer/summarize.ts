import type { Section } from "../corpus/types.js";
import type { SearchIndex, SentenceRef } from "../index/SearchIndex.js";
import { citationOf, quoteText } from "./citation.js";
import type { SummaryPoint } from "./types.js";

export interface SummaryPlan {
  readonly points: SummaryPoint[];
  readonly omitted: string[];
  readonly length: number;
}

/**
 * Builds an extractive summary: each section's key sentence, in document
 * order, as long as it fits `budget` characters of quoted text. A section
 * whose key sentence does not fit is left out (and named in `omitted`) while
 * later, shorter ones may still fit. If not even one fits, the first key
 * sentence is cut at a word boundary.
 *
 * @param perSection how many key sentences each section may contribute (at most `KEY_SENTENCES_KEPT`)
 */
export function planSummary(index: SearchIndex, sections: readonly { documentId: string; section: Section }[], budget: number, perSection = 1): SummaryPlan {
  const points: SummaryPoint[] = [];
  const omitted: string[] = [];
  let length = 0;
  let firstCandidate: SentenceRef | undefined;
  for (const { section } of sections) {
    // Ranked when the index was built: ranking here made /summary of a large corpus take seconds.
    const ranked = index.keySentencesOf(section);
    // Keep the chosen sentences in reading order within their section.
    const chosen = ranked.slice(0, perSection).sort((a, b) => a.id - b.id);
    let added = false;
    for (const ref of chosen) {
      firstCandidate ??= ref;
      const text = quoteText(ref.sentence.text);
      const cost = text.length + (points.length > 0 ? 1 : 0);
      if (length + cost > budget) continue;
      points.push({ text, ...citationOf(ref) });
      length += cost;
      added = true;
    }
    if (!added) omitted.push(section.heading);
  }
  if (points.length === 0 && firstCandidate && budget > 1) {
    const cut = cutAtWord(firstCandidate.sentence.text, budget);
    const text = quoteText(cut);
    points.push({ text, ...citationOf(firstCandidate, firstCandidate.sentence.start + cut.length - 1) });
    length = text.length;
    omitted.splice(omitted.indexOf(firstCandidate.section.heading), 1);
  }
  return { points, omitted, length };
}

function cutAtWord(text: string, budget: number): string {
  const room = text.slice(0, budget - 1);
  const space = room.lastIndexOf(" ");
  return `${(space > budget / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}
