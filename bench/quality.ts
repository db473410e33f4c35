import { readFileSync } from "node:fs";
import { AnswerService, type AnswerServiceOptions } from "../src/answer/AnswerService.js";
import { buildCorpus } from "../src/corpus/loadCorpus.js";
import { parseQuestions, type EvalQuestion } from "../src/eval/scoreQuestions.js";
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

const baselineAnswerer = (baseline: Baseline): Answerer => ({ name: baseline.name, top: (q) => baseline.top(q) });

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
  const service = new AnswerService(buildCorpus(squadFiles(squad, all)));
  const answerers = [
    systemAnswerer(service),
    ...(["paragraphs", "sentences"] as const).flatMap((granularity) => [miniSearchBaseline(service.index, granularity), lunrBaseline(service.index, granularity)]).map(baselineAnswerer),
  ];
  return answerers.map((answerer) => score(answerer, squad.questions));
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
  [[0, 1, 2, 3], [4, 5]],
  [[2, 3, 4, 5], [0, 1]],
  [[0, 1, 4, 5], [2, 3]],
];

export function squadAbstention(squad: Squad): AbstentionResult {
  let abstained = 0;
  let heldOut = 0;
  let withRefusals = 0;
  let everything = 0;
  let own = 0;
  // Thresholds at 0 turn off coverage refusals; refusing a name the corpus never mentions remains.
  const answerAll: AnswerServiceOptions = { minCoverage: 0, minAnswerCoverage: 0 };
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

/** The article dev set for the system and the baselines. */
export async function articleQuality(): Promise<ArticleRow[]> {
  const questions: EvalQuestion[] = parseQuestions(readFileSync(ARTICLE_QUESTIONS, "utf8"));
  const service = await AnswerService.load(new URL("../corpus", import.meta.url).pathname);
  const answerers = [
    systemAnswerer(service),
    ...(["paragraphs", "sentences"] as const).flatMap((granularity) => [miniSearchBaseline(service.index, granularity), lunrBaseline(service.index, granularity)]).map(baselineAnswerer),
  ];
  return answerers.map((answerer) => {
    let hits = 0;
    let abstained = 0;
    let length = 0;
    let answered = 0;
    for (const question of questions) {
      const top = answerer.top(question.q);
      if (top) {
        answered++;
        length += top.text.length;
      }
      if (question.abstain) {
        if (!top) abstained++;
      } else if (top && (question.expect ?? []).some((phrase) => contains(top.text, phrase))) hits++;
    }
    const answerable = questions.filter((q) => !q.abstain).length;
    return { name: answerer.name, hits, answerable, abstained, unanswerable: questions.length - answerable, meanLength: answered === 0 ? 0 : length / answered };
  });
}
