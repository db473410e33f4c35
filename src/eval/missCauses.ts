import type { Answer } from "../answer/types.js";
import { holdsGold, squadDocumentId, type SquadQuestion, type SquadSet } from "./squadFile.js";

/** What became of an answerable question: a hit, or why it was missed. */
export type Outcome = "hit" | "declined" | "wrong-document" | "wrong-paragraph" | "wrong-sentence";

export const MISS_CAUSES = ["declined", "wrong-document", "wrong-paragraph", "wrong-sentence"] as const;

/**
 * Classifies an answer to a SQuAD question: a hit when the top snippet holds
 * a gold answer; otherwise declined, the wrong document, the wrong paragraph
 * of the right document, or the right paragraph but a quote without the answer.
 */
export function outcomeOf(question: SquadQuestion, answer: Answer): Outcome {
  const top = answer.snippets[0];
  if (!answer.answered || !top) return "declined";
  if (holdsGold(top.text, question.answers)) return "hit";
  if (top.documentId !== squadDocumentId(question.article)) return "wrong-document";
  if (top.paragraph !== question.paragraph + 1) return "wrong-paragraph";
  return "wrong-sentence";
}

export interface SquadReport {
  readonly answerable: number;
  readonly counts: Readonly<Record<Outcome, number>>;
  /** Misses whose answer is in the second or third snippet. */
  readonly inLaterSnippet: number;
  readonly meanTopLength: number;
  readonly unanswerable: number;
  readonly declinedUnanswerable: number;
  readonly misses: readonly { readonly question: SquadQuestion; readonly outcome: Outcome; readonly answer: Answer }[];
}

/** Asks every question of a SQuAD-format set and counts hits and misses by cause. */
export function scoreSquad(squad: SquadSet, ask: (question: string) => Answer): SquadReport {
  const counts: Record<Outcome, number> = { hit: 0, declined: 0, "wrong-document": 0, "wrong-paragraph": 0, "wrong-sentence": 0 };
  const misses: SquadReport["misses"][number][] = [];
  let inLaterSnippet = 0;
  let length = 0;
  let answered = 0;
  for (const question of squad.answerable) {
    const answer = ask(question.question);
    const outcome = outcomeOf(question, answer);
    counts[outcome]++;
    if (answer.answered && answer.snippets[0]) {
      answered++;
      length += answer.snippets[0].text.length;
    }
    if (outcome === "hit") continue;
    if (answer.snippets.slice(1).some((snippet) => holdsGold(snippet.text, question.answers))) inLaterSnippet++;
    misses.push({ question, outcome, answer });
  }
  let declinedUnanswerable = 0;
  for (const question of squad.unanswerable) if (!ask(question.question).answered) declinedUnanswerable++;
  return {
    answerable: squad.answerable.length,
    counts,
    inLaterSnippet,
    meanTopLength: answered === 0 ? 0 : length / answered,
    unanswerable: squad.unanswerable.length,
    declinedUnanswerable,
    misses,
  };
}
