import type { Corpus } from "../../corpus/types.js";
import { SearchIndex } from "../../index/SearchIndex.js";
import { holdsGold, squadCorpus, type SquadQuestion, type SquadSet } from "../../eval/squadFile.js";
import { analyzeQuestion } from "../analyzeQuestion.js";
import { checkCoverage } from "../checkCoverage.js";
import type { AnswerModel } from "./AnswerModel.js";
import { candidateFeatures, FEATURE_NAMES, type Candidate } from "./features.js";
import { fitLogistic, predict, type LogisticOptions } from "./logistic.js";

export interface TrainOptions extends LogisticOptions {
  /**
   * Most answer@1 the abstention threshold may cost on the training
   * questions, as a share of them.
   * @default 0.015: the issue allows 2 points; the margin absorbs the
   * difference between the training articles and an unseen corpus
   */
  readonly maxAnswerLoss?: number;
  /** @default 8, see {@link CandidateOptions.paragraphCandidates} */
  readonly paragraphCandidates?: number;
}

/** Where a training question's candidates came from, which decides what its best candidate should do. */
type Situation = "answerable" | "unanswerable" | "elsewhere";

interface QuestionExamples {
  readonly situation: Situation;
  readonly candidates: readonly Candidate[];
  readonly labels: readonly number[];
}

function examples(index: SearchIndex, questions: readonly SquadQuestion[], situation: Situation, paragraphCandidates: number): QuestionExamples[] {
  const out: QuestionExamples[] = [];
  for (const question of questions) {
    const analyzed = analyzeQuestion(question.question, index);
    if (analyzed.words.length === 0 || !checkCoverage(analyzed, index).covered) continue;
    const candidates = candidateFeatures(analyzed, question.question, index, { paragraphCandidates });
    if (candidates.length === 0) continue;
    const labels = candidates.map((candidate) =>
      situation === "answerable" && holdsGold(index.sentences[candidate.id]?.sentence.text ?? "", question.answers) ? 1 : 0,
    );
    out.push({ situation, candidates, labels });
  }
  return out;
}

/**
 * The training questions of some articles: each answerable and unanswerable
 * question against the corpus of all of them, and each answerable question
 * again against a corpus without its own article, where every candidate is
 * wrong, so that the model learns what an answer from the wrong place looks like.
 */
function collect(squad: SquadSet, articles: readonly number[], paragraphCandidates: number): QuestionExamples[] {
  const index = new SearchIndex(squadCorpus(squad, articles));
  const own = (list: readonly SquadQuestion[]) => list.filter((q) => articles.includes(q.article));
  const all = [
    ...examples(index, own(squad.answerable), "answerable", paragraphCandidates),
    ...examples(index, own(squad.unanswerable), "unanswerable", paragraphCandidates),
  ];
  for (const held of articles) {
    const rest = articles.filter((a) => a !== held);
    if (rest.length === 0) continue;
    const elsewhere = new SearchIndex(squadCorpus(squad, rest) as Corpus);
    all.push(...examples(elsewhere, squad.answerable.filter((q) => q.article === held), "elsewhere", paragraphCandidates));
  }
  return all;
}

/**
 * The abstention threshold: the highest probability cut that loses at most
 * `maxLoss` of the answerable questions the model gets right, so that as
 * many questions the corpus cannot answer as possible are declined.
 */
function calibrate(tops: readonly { situation: Situation; p: number; right: boolean }[], maxLoss: number): number {
  const answerable = tops.filter((top) => top.situation === "answerable");
  const right = answerable.filter((top) => top.right).map((top) => top.p).sort((a, b) => a - b);
  const allowed = Math.floor(maxLoss * answerable.length);
  // Declining the `allowed` weakest right answers costs exactly the budget.
  const cut = right[allowed];
  return cut === undefined ? 0 : cut - 1e-9;
}

/** Trains the answer scorer on the given articles of a SQuAD-format set. Deterministic. */
export function trainModel(squad: SquadSet, articles: readonly number[], options: TrainOptions = {}): AnswerModel {
  const paragraphCandidates = options.paragraphCandidates ?? 8;
  const data = collect(squad, articles, paragraphCandidates);
  const x = data.flatMap((question) => question.candidates.map((candidate) => candidate.features));
  const y = data.flatMap((question) => question.labels);
  const fit = fitLogistic(x, y, options);
  const tops = data.map((question) => {
    let best = -1;
    let at = 0;
    question.candidates.forEach((candidate, i) => {
      const p = predict(fit, candidate.features);
      if (p > best) [best, at] = [p, i];
    });
    return { situation: question.situation, p: best, right: question.labels[at] === 1 };
  });
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    features: [...FEATURE_NAMES],
    mean: fit.mean.map(round),
    scale: fit.scale.map(round),
    weights: fit.weights.map(round),
    bias: round(fit.bias),
    threshold: round(calibrate(tops, options.maxAnswerLoss ?? 0.015)),
    paragraphCandidates,
    trainedOn: articles.map((a) => squad.titles[a]).join(", "),
  };
}
