import { readFileSync } from "node:fs";
import type { SourceFile } from "../src/corpus/loadCorpus.js";

/** SQuAD 2.0 (Rajpurkar, Jia and Liang, 2018), CC BY-SA 4.0. */
export const SQUAD_FILE = new URL("../../shared/data/squad2-dev-subset.json", import.meta.url);

export interface SquadQuestion {
  readonly question: string;
  readonly answers: readonly string[];
  /** Index of the article the question is about. */
  readonly article: number;
  /** Paragraph index within the article, from 0. */
  readonly paragraph: number;
}

export interface Squad {
  readonly titles: readonly string[];
  /** Paragraph texts per article, whitespace normalised. */
  readonly paragraphs: readonly (readonly string[])[];
  /** Answerable questions only. */
  readonly questions: readonly SquadQuestion[];
  readonly unanswerable: number;
}

interface RawSquad {
  data: Array<{ title: string; paragraphs: Array<{ context: string; qas: Array<{ question: string; is_impossible?: boolean; answers: Array<{ text: string }> }> }> }>;
}

export function loadSquad(file: URL = SQUAD_FILE): Squad {
  const raw = JSON.parse(readFileSync(file, "utf8")) as RawSquad;
  const questions: SquadQuestion[] = [];
  let unanswerable = 0;
  raw.data.forEach((article, a) =>
    article.paragraphs.forEach((paragraph, p) =>
      paragraph.qas.forEach((qa) => {
        if (qa.is_impossible) unanswerable++;
        else questions.push({ question: qa.question, answers: qa.answers.map((answer) => answer.text), article: a, paragraph: p });
      }),
    ),
  );
  return {
    titles: raw.data.map((article) => article.title.replace(/_/g, " ")),
    paragraphs: raw.data.map((article) => article.paragraphs.map((paragraph) => paragraph.context.replace(/\s+/g, " ").trim())),
    questions,
    unanswerable,
  };
}

/** File name of an article's document, so gold paragraphs map to snippets. */
export const articleFile = (article: number) => `article-${String(article).padStart(2, "0")}.txt`;

/** One corpus document per article, as the bot's loader reads them: front matter title, blank-line paragraphs. */
export function squadFiles(squad: Squad, articles: readonly number[]): SourceFile[] {
  return articles.map((a) => ({
    name: articleFile(a),
    text: `---\ntitle: ${JSON.stringify(squad.titles[a])}\n---\n\n${(squad.paragraphs[a] ?? []).join("\n\n")}\n`,
  }));
}
