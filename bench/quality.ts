import { readFileSync } from "node:fs";
import { AnswerService, type AnswerServiceOptions } from "../src/answer/AnswerService.js";
import { buildCorpus, loadCorpus } from "../src/corpus/loadCorpus.js";
import type { Corpus } from "../src/corpus/types.js";
import { parseQuestions, scoreQuestions, type EvalQuestion } from "../src/eval/scoreQuestions.js";
import { lunrBaseline, miniSearchBaseline, type Baseline } from "./baselines.js";
import { articleFile, squadFiles, type Squad, type SquadQuestion } from "./squad.js";

/** A system's top answer to a question, or nothing when it declines. */
type Top = { text: string; documentId: string; paragraph: number } | undefined;
type Answerer = { name: string; top(question: string): Top };

export interface QualityRow {
  readonly name: string;
  readonly paragraphAt1: number;
  readonly answerAt1: number;
  readonly meanLength: number;
  readonly declined: number;
}

const contains = (text: string, phrase: string) => text.toLowerCase().includes(phrase.toLowerCase());

function systemAnswerer(service: AnswerService, name = "Cited"): Answerer {
  return {
    name,
    top: (question) => {
      const snippet = service.ask(question).snippets[0];
      return snippet && { text: snippet.text, documentId: snippet.documentId, paragraph: snippet.paragraph };
    },
  };
}

/** The same ranking, quoting the whole paragraph of the top snippet: Cited at the paragraph baselines' length. */
function paragraphAnswerer(service: AnswerService): Answerer {
  return {
    name: "Cited, whole paragraph",
    top: (question) => {
      const snippet = service.ask(question).snippets[0];
      const ref = snippet && service.index.paragraphs.find((p) => p.document.id === snippet.documentId && p.paragraph.index + 1 === snippet.paragraph);
      return ref && { text: ref.paragraph.text, documentId: ref.document.id, paragraph: ref.paragraph.index + 1 };
    },
  };
}

const baselineAnswerer = (baseline: Baseline): Answerer => ({ name: baseline.name, top: (q) => baseline.top(q) });

/** Names of Cited's own rows; the rest are baselines. */
export const SYSTEM_ROWS = ["Cited", "Cited, one sentence", "Cited, whole paragraph"];

/**
 * Cited as shipped, Cited at each baseline granularity (one sentence, never
 * a neighbour; the whole paragraph), and the four baselines, so that answer@1
 * can be compared at equal snippet length.
 */
function answerers(corpus: Corpus): Answerer[] {
  const service = new AnswerService(corpus);
  return [
    systemAnswerer(service),
    systemAnswerer(new AnswerService(corpus, { shortSentence: 0 }), "Cited, one sentence"),
    paragraphAnswerer(service),
    ...(["paragraphs", "sentences"] as const)
      .flatMap((granularity) => [miniSearchBaseline(service.index, granularity), lunrBaseline(service.index, granularity)])
      .map(baselineAnswerer),
  ];
}

function score(answerer: Answerer, questions: readonly SquadQuestion[]): QualityRow {
  let paragraph = 0;
  let answer = 0;
  let length = 0;
  let declined = 0;
  for (const question of questions) {
    const top = answerer.top(question.question);
    if (!top) {
      declined++;
      continue;
    }
    length += top.text.length;
    if (top.documentId === articleFile(question.article) && top.paragraph === question.paragraph + 1) paragraph++;
    if (question.answers.some((gold) => contains(top.text, gold))) answer++;
  }
  const answered = questions.length - declined;
  return {
    name: answerer.name,
    paragraphAt1: paragraph / questions.length,
    answerAt1: answer / questions.length,
    meanLength: answered === 0 ? 0 : length / answered,
    declined,
  };
}

/** The system and the four baselines on the whole SQuAD subset. */
export function squadQuality(squad: Squad): QualityRow[] {
  const all = squad.titles.map((_, i) => i);
  return answerers(buildCorpus(squadFiles(squad, all))).map((answerer) => score(answerer, squad.questions));
}

export interface AbstentionResult {
  readonly splits: number;
  /** Share of questions about unindexed articles that the system declined. */
  readonly abstained: number;
  /** answer@1 on the indexed articles' questions, with refusals, and answering everything. */
  readonly answerAt1: number;
  readonly answerAt1Everything: number;
}

/** The 4-indexed / 2-held-out rotation. */
const SPLITS: ReadonlyArray<readonly [readonly number[], readonly number[]]> = [
  [
    [0, 1, 2, 3],
    [4, 5],
  ],
  [
    [2, 3, 4, 5],
    [0, 1],
  ],
  [
    [0, 1, 4, 5],
    [2, 3],
  ],
];

export function squadAbstention(squad: Squad): AbstentionResult {
  let abstained = 0;
  let heldOut = 0;
  let withRefusals = 0;
  let everything = 0;
  let own = 0;
  // Thresholds at 0 turn off coverage refusals; refusing a name the corpus never mentions remains.
  const answerAll: AnswerServiceOptions = { minCoverage: 0, minAnswerCoverage: 0, answerThreshold: 0 };
  for (const [indexed, held] of SPLITS) {
    const corpus = buildCorpus(squadFiles(squad, indexed));
    const service = new AnswerService(corpus);
    const permissive = new AnswerService(corpus, answerAll);
    for (const question of squad.questions) {
      if (held.includes(question.article)) {
        heldOut++;
        if (!service.ask(question.question).answered) abstained++;
      } else if (indexed.includes(question.article)) {
        own++;
        const hit = (s: AnswerService) => {
          const top = s.ask(question.question).snippets[0];
          return top !== undefined && question.answers.some((gold) => contains(top.text, gold));
        };
        if (hit(service)) withRefusals++;
        if (hit(permissive)) everything++;
      }
    }
  }
  return { splits: SPLITS.length, abstained: abstained / heldOut, answerAt1: withRefusals / own, answerAt1Everything: everything / own };
}

export interface ArticleRow {
  readonly name: string;
  readonly hits: number;
  readonly answerable: number;
  readonly abstained: number;
  readonly unanswerable: number;
  readonly meanLength: number;
}

export const ARTICLE_QUESTIONS = new URL("../../shared/data/article-dev-questions.jsonl", import.meta.url);

/**
 * 48 more questions about the article, written for testing after the
 * engine was built (38 answerable, 10 it cannot answer), so that a change
 * tuned to the 27 dev questions shows when it costs others.
 */
export const ARTICLE_EXTRA_QUESTIONS = new URL("./article-extra-questions.jsonl", import.meta.url);

/** An article question set for the system and the baselines. */
export async function articleQuality(file: URL = ARTICLE_QUESTIONS): Promise<ArticleRow[]> {
  const questions: EvalQuestion[] = parseQuestions(readFileSync(file, "utf8"));
  const corpus = await loadCorpus(new URL("../corpus", import.meta.url).pathname);
  return answerers(corpus).map((answerer) => {
    const report = scoreQuestions(questions, (q) => {
      const top = answerer.top(q);
      return { answered: top !== undefined, snippets: top ? [top] : [] };
    });
    const { hits, answerable, abstained, unanswerable, meanTopLength } = report;
    return { name: answerer.name, hits, answerable, abstained, unanswerable, meanLength: meanTopLength };
  });
}
