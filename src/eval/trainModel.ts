import type { Corpus } from "../corpus/types.js";
import { SearchIndex } from "../index/SearchIndex.js";
import { holdsGold, squadCorpus, type SquadQuestion, type SquadSet } from "./squadFile.js";
import { analyzeQuestion } from "../answer/analyzeQuestion.js";
import { checkCoverage } from "../answer/checkCoverage.js";
import { calibrationRow, pickFeatures, RESEMBLANCE_FEATURES, rankingScore, type AnswerModel } from "../answer/scoring/AnswerModel.js";
import { fitConditionalLogit } from "../answer/scoring/conditionalLogit.js";
import { candidateFeatures, FEATURE_NAMES, type Candidate } from "../answer/scoring/features.js";
import { fitLogistic, predict, type LogisticOptions } from "../answer/scoring/logistic.js";

export interface TrainOptions extends LogisticOptions {
  /**
   * Most answer@1 the abstention threshold may cost on the training
   * questions, as a share of them.
   * @default 0.0065: cross-validated, with the resemblance judge and the
   * coverage tests it costs 1.9 points of answer@1 in all (the issue allows
   * 2) and declines 90.4% of questions about articles not indexed (0.006:
   * 89.9%, 0.007: 90.8% for 2.1 points)
   */
  readonly maxAnswerLoss?: number;
  /** @default 8, see {@link CandidateOptions.paragraphCandidates} */
  readonly paragraphCandidates?: number;
  /**
   * @default "hand-tuned": cross-validated on SQuAD the learned ranker quotes
   * the answer 0.6 points more often, but on the article questions it loses
   * one to three of 22 (it learns SQuAD's habits, such as an answer following
   * a sentence about the subject); see {@link AnswerModel.order}
   */
  readonly order?: "ranker" | "hand-tuned";
  /**
   * Most answer@1 the resemblance judge may cost on the training questions,
   * as a share of them; 0 leaves the judge out.
   * @default 0.0035: cross-validated, with the first judge's 0.0065 it
   * declines 14.0% of the unanswerable questions (9.9% without it; 8.8%
   * before either) for 1.9 points of answer@1 in all (the issue allows 2)
   */
  readonly maxResemblanceLoss?: number;
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
    all.push(
      ...examples(
        elsewhere,
        squad.answerable.filter((q) => q.article === held),
        "elsewhere",
        paragraphCandidates,
      ),
    );
  }
  return all;
}

/**
 * The abstention threshold: the highest probability cut that loses at most
 * `maxLoss` of the answerable questions the model gets right, so that as
 * many questions the corpus cannot answer as possible are declined.
 */
function chooseThreshold(tops: readonly { situation: Situation; p: number; right: boolean }[], maxLoss: number): number {
  const answerable = tops.filter((top) => top.situation === "answerable");
  const right = answerable
    .filter((top) => top.right)
    .map((top) => top.p)
    .sort((a, b) => a - b);
  const allowed = Math.floor(maxLoss * answerable.length);
  // Declining the `allowed` weakest right answers costs exactly the budget.
  const cut = right[allowed];
  return cut === undefined ? 0 : cut - 1e-9;
}

/** Trains the answer scorer on the given articles of a SQuAD-format set. Deterministic. */
export function trainModel(squad: SquadSet, articles: readonly number[], options: TrainOptions = {}): AnswerModel {
  const paragraphCandidates = options.paragraphCandidates ?? 8;
  const data = collect(squad, articles, paragraphCandidates);
  const groups = data
    .filter((question) => question.situation === "answerable")
    .map((question) => ({ rows: question.candidates.map((c) => c.features), labels: question.labels }));
  const hand = FEATURE_NAMES.indexOf("handTuned");
  // The learned ranker starts from the hand-set ranking (its one weight fitted
  // first) and is pulled back to it by the penalty, so it departs from it only
  // where the training data firmly says so.
  const alone = fitConditionalLogit(groups.map((g) => ({ rows: g.rows.map((row) => [row[hand] ?? 0]), labels: g.labels })));
  const ranker = fitConditionalLogit(groups, { ...options, prior: FEATURE_NAMES.map((_, j) => (j === hand ? (alone.weights[0] ?? 0) : 0)) });
  const order = options.order ?? "hand-tuned";
  const ranking: AnswerModel = {
    features: FEATURE_NAMES,
    ranker,
    calibration: { mean: [], scale: [], weights: [], bias: 0 },
    threshold: 0,
    paragraphCandidates,
    order,
  };
  // The calibration learns from every question, including those whose corpus cannot answer them.
  const scored = data.map((question) => {
    const scores = question.candidates.map((candidate) => rankingScore(ranking, candidate.features));
    const top = scores.reduce((best, s, i) => (s > (scores[best] ?? -Infinity) ? i : best), 0);
    const second = Math.max(-Infinity, ...scores.filter((_, i) => i !== top));
    const lead = Number.isFinite(second) ? (scores[top] ?? 0) - second : 0;
    const features = question.candidates[top]?.features ?? [];
    return { situation: question.situation, features, row: calibrationRow(features, scores[top] ?? 0, lead), right: question.labels[top] === 1 };
  });
  const calibration = fitLogistic(
    scored.map((q) => q.row),
    scored.map((q) => (q.situation === "answerable" && q.right ? 1 : 0)),
    options,
  );
  const tops = scored.map((q) => ({ situation: q.situation, right: q.right, p: predict(calibration, q.row) }));
  // The second judge only sees questions about indexed articles: those the
  // best candidate answers, against those written to look answerable from it.
  const onTopic = scored.filter((q) => q.situation === "unanswerable" || (q.situation === "answerable" && q.right));
  const signs = onTopic.map((q) => pickFeatures(q.features, RESEMBLANCE_FEATURES));
  const resemblance = fitLogistic(
    signs,
    onTopic.map((q) => (q.situation === "answerable" ? 1 : 0)),
    options,
  );
  const resemblanceTops = onTopic.map((q, i) => ({ situation: q.situation, right: q.right, p: predict(resemblance, signs[i] ?? []) }));
  const answerable = tops.filter((top) => top.situation === "answerable").length;
  const resemblanceLoss = options.maxResemblanceLoss ?? 0.0035;
  // Significant digits, not decimals: a scale of 1e-7 rounded to 0 would divide by zero.
  const round = (v: number) => Number(v.toPrecision(7));
  return {
    features: [...FEATURE_NAMES],
    ranker: { mean: ranker.mean.map(round), scale: ranker.scale.map(round), weights: ranker.weights.map(round) },
    calibration: {
      mean: calibration.mean.map(round),
      scale: calibration.scale.map(round),
      weights: calibration.weights.map(round),
      bias: round(calibration.bias),
    },
    threshold: round(chooseThreshold(tops, options.maxAnswerLoss ?? 0.0065)),
    ...(resemblanceLoss > 0
      ? {
          resemblance: {
            features: [...RESEMBLANCE_FEATURES],
            fit: {
              mean: resemblance.mean.map(round),
              scale: resemblance.scale.map(round),
              weights: resemblance.weights.map(round),
              bias: round(resemblance.bias),
            },
            // Its budget is a share of all answerable questions, like the first judge's.
            threshold: round(
              chooseThreshold(resemblanceTops, (resemblanceLoss * answerable) / Math.max(1, onTopic.filter((q) => q.situation === "answerable").length)),
            ),
          },
        }
      : {}),
    paragraphCandidates,
    order,
    trainedOn: articles.map((a) => squad.titles[a]).join(", "),
  };
}
