import { readFileSync } from "node:fs";
import { buildCorpus, type SourceFile } from "../corpus/loadCorpus.js";
import type { Corpus } from "../corpus/types.js";

/**
 * SQuAD-format question files (Rajpurkar et al.; SQuAD 2.0 adds questions
 * marked `is_impossible`), read into articles and questions so that any such
 * file can train or evaluate the answer scorer.
 */
export interface SquadQuestion {
  readonly question: string;
  /** Gold answer texts; empty for an unanswerable question. */
  readonly answers: readonly string[];
  /** Index of the article the question is about. */
  readonly article: number;
  /** Paragraph index within the article, from 0. */
  readonly paragraph: number;
}

export interface SquadSet {
  readonly titles: readonly string[];
  /** Paragraph texts per article, white space normalised. */
  readonly paragraphs: readonly (readonly string[])[];
  readonly answerable: readonly SquadQuestion[];
  /** Questions written to look answerable from their paragraph, which does not answer them. */
  readonly unanswerable: readonly SquadQuestion[];
}

interface RawSquad {
  data: Array<{
    title: string;
    paragraphs: Array<{ context: string; qas: Array<{ question: string; is_impossible?: boolean; answers?: Array<{ text: string }> }> }>;
  }>;
}

export function parseSquad(json: string): SquadSet {
  const raw = JSON.parse(json) as RawSquad;
  if (!Array.isArray(raw.data)) throw new Error('not a SQuAD file: no "data" array');
  const answerable: SquadQuestion[] = [];
  const unanswerable: SquadQuestion[] = [];
  raw.data.forEach((article, a) =>
    article.paragraphs.forEach((paragraph, p) =>
      paragraph.qas.forEach((qa) => {
        const answers = (qa.answers ?? []).map((answer) => answer.text);
        const question = { question: qa.question, answers, article: a, paragraph: p };
        (qa.is_impossible || answers.length === 0 ? unanswerable : answerable).push(question);
      }),
    ),
  );
  return {
    titles: raw.data.map((article) => article.title.replace(/_/g, " ")),
    paragraphs: raw.data.map((article) => article.paragraphs.map((paragraph) => paragraph.context.replace(/\s+/g, " ").trim())),
    answerable,
    unanswerable,
  };
}

export const readSquad = (file: string | URL): SquadSet => parseSquad(readFileSync(file, "utf8"));

/** File name of an article's document, so that gold paragraphs map to citations. */
export const squadDocumentId = (article: number) => `article-${String(article).padStart(2, "0")}.txt`;

/** One corpus document per article, as the corpus loader reads files: a title, blank-line paragraphs. */
export function squadSourceFiles(squad: SquadSet, articles: readonly number[]): SourceFile[] {
  return articles.map((a) => ({
    name: squadDocumentId(a),
    text: `---\ntitle: ${JSON.stringify(squad.titles[a])}\n---\n\n${(squad.paragraphs[a] ?? []).join("\n\n")}\n`,
  }));
}

export const squadCorpus = (squad: SquadSet, articles: readonly number[]): Corpus => buildCorpus(squadSourceFiles(squad, articles));

/** Whether a quote holds one of the gold answers, ignoring case. */
export function holdsGold(text: string, answers: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return answers.some((answer) => lower.includes(answer.toLowerCase()));
}
