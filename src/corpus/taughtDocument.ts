import { splitSentences } from "./splitSentences.js";
import type { CorpusDocument, Section } from "./types.js";

/** Title of the document that holds the moderators' taught answers. */
export const TAUGHT_TITLE = "Moderators' answers";

/**
 * Taught answers travel to the index as one in-memory file with this
 * extension, so they are hashed into the corpus version and built (off the
 * event loop, from cache) exactly like the documents on disk.
 */
export const TAUGHT_EXTENSION = ".cited-taught.json";

/** One answer a moderator taught, as the corpus sees it. */
export interface TaughtAnswer {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly moderator: string;
  /** YYYY-MM-DD */
  readonly date: string;
}

/** A taught answer as the store keeps it. */
export interface StoredTaughtAnswer {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly moderatorName: string;
  readonly createdAt: Date;
}

/** The in-memory files for the taught answers in the store: none when there are none. */
export function taughtFiles(entries: readonly StoredTaughtAnswer[]): Array<{ readonly name: string; readonly text: string }> {
  if (entries.length === 0) return [];
  return [taughtSourceFile(entries.map((entry) => ({ id: entry.id, question: entry.question, answer: entry.answer, moderator: entry.moderatorName, date: entry.createdAt.toISOString().slice(0, 10) })))];
}

/** The in-memory file for a set of taught answers. */
export function taughtSourceFile(entries: readonly TaughtAnswer[]): { readonly name: string; readonly text: string } {
  return { name: `moderators-answers${TAUGHT_EXTENSION}`, text: JSON.stringify(entries) };
}

/**
 * Builds the "Moderators' answers" document: one section per taught answer,
 * headed by its question (so the question's words find it) and attributed
 * to its moderator and date, which every citation of it shows. The answer
 * is taken as one paragraph of plain text, never parsed as Markdown, so what
 * a moderator typed is quoted as typed; offsets count within the answer.
 */
export function parseTaughtDocument(id: string, text: string): CorpusDocument {
  const entries = JSON.parse(text) as TaughtAnswer[];
  const sections: Section[] = [];
  let paragraphIndex = 0;
  for (const entry of entries) {
    const answer = entry.answer.replace(/\s+/g, " ").trim();
    const sentences = splitSentences(answer, 0);
    if (sentences.length === 0) continue;
    sections.push({
      index: sections.length,
      heading: entry.question.replace(/\s+/g, " ").trim(),
      slug: `taught-${entry.id}`,
      attribution: { moderator: entry.moderator, date: entry.date },
      paragraphs: [{ index: paragraphIndex++, text: answer, start: 0, end: answer.length, sentences }],
    });
  }
  return { id, title: TAUGHT_TITLE, origin: "moderators", sections };
}
