import { readSquad, squadDocumentId, squadSourceFiles, type SquadQuestion, type SquadSet } from "../src/eval/squadFile.js";

/** SQuAD 2.0 (Rajpurkar, Jia and Liang, 2018), CC BY-SA 4.0. */
export const SQUAD_FILE = new URL("../../shared/data/squad2-dev-subset.json", import.meta.url);

export type { SquadQuestion };

/** The SQuAD subset as the bench uses it: answerable questions, and how many others there are. */
export interface Squad extends Pick<SquadSet, "titles" | "paragraphs"> {
  /** Answerable questions only. */
  readonly questions: readonly SquadQuestion[];
  readonly unanswerable: number;
}

/** Reads a SQuAD file with the project's own reader (src/eval/squadFile.ts). */
export function loadSquad(file: URL = SQUAD_FILE): Squad {
  const set = readSquad(file);
  return { titles: set.titles, paragraphs: set.paragraphs, questions: set.answerable, unanswerable: set.unanswerable.length };
}

/** File name of an article's document, so gold paragraphs map to snippets. */
export const articleFile = squadDocumentId;

/** One corpus document per article, as the bot's loader reads them. */
export const squadFiles = (squad: Squad, articles: readonly number[]) =>
  squadSourceFiles({ ...squad, answerable: squad.questions, unanswerable: [] }, articles);
