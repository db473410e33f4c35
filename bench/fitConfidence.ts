/**
 * Fits the answer's confidence (src/answer/confidence.ts): a logistic
 * regression over a few signs of the top quote, on the chat development set
 * (bench/chat/) and the SQuAD subset, and writes src/answer/confidence.json.
 * Prints its cross-validated reliability first: chat messages in 6 folds,
 * SQuAD by article, each predicted by a model fitted without its fold.
 *
 *   npx tsx bench/fitConfidence.ts [--no-write]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AnswerService } from "../src/answer/AnswerService.js";
import { confidenceRow } from "../src/answer/confidence.js";
import { fitLogistic, predict, type LogisticFit } from "../src/answer/scoring/logistic.js";
import { classOf, parseChatSet } from "../src/eval/chatSet.js";
import { holdsGold, readSquad, squadCorpus } from "../src/eval/squadFile.js";
import { CHAT_SETS } from "./chatQuality.js";
import { SQUAD_FILE } from "./squad.js";

export interface ConfidenceRow {
  readonly x: number[];
  readonly y: number;
  readonly fold: number;
  readonly source: "chat" | "squad";
}

const ROOT = new URL("..", import.meta.url);
const FOLDS = 6;
/** Every how-many-th SQuAD question is kept, so the chat messages are not outweighed ten to one. */
const SQUAD_STRIDE = 3;

function contains(text: string, phrase: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  return fold(text).includes(fold(phrase));
}

/** The signs and rightness of every answered question: chat (answerable and unanswerable; chatter is the judge's job) and SQuAD. */
export async function confidenceRows(): Promise<ConfidenceRow[]> {
  const rows: ConfidenceRow[] = [];
  let n = 0;
  for (const set of CHAT_SETS) {
    const service = await AnswerService.load(fileURLToPath(new URL(set.corpus, ROOT)));
    for (const message of set.files.flatMap((file) => parseChatSet(readFileSync(new URL(`chat/${file}`, import.meta.url), "utf8")))) {
      const fold = n++ % FOLDS;
      if (classOf(message) === "chatter") continue;
      const { answer, signs } = service.assess(message.q);
      if (!answer.answered || !signs) continue;
      const top = answer.snippets[0]?.text ?? "";
      rows.push({ x: confidenceRow(signs), y: Number((message.expect ?? []).some((phrase) => contains(top, phrase))), fold, source: "chat" });
    }
  }
  const squad = readSquad(SQUAD_FILE);
  const all = squad.titles.map((_, i) => i);
  const whole = new AnswerService(squadCorpus(squad, all));
  const add = (service: AnswerService, question: string, article: number, gold: readonly string[] | undefined) => {
    const { answer, signs } = service.assess(question);
    if (!answer.answered || !signs) return;
    const y = gold !== undefined && holdsGold(answer.snippets[0]?.text ?? "", gold) ? 1 : 0;
    rows.push({ x: confidenceRow(signs), y, fold: article % FOLDS, source: "squad" });
  };
  squad.answerable.forEach((q, i) => i % SQUAD_STRIDE === 0 && add(whole, q.question, q.article, q.answers));
  squad.unanswerable.forEach((q, i) => i % SQUAD_STRIDE === 0 && add(whole, q.question, q.article, undefined));
  // Questions about an article the corpus does not hold: every answer to them is wrong.
  for (const held of all) {
    const without = new AnswerService(
      squadCorpus(
        squad,
        all.filter((a) => a !== held),
      ),
    );
    squad.answerable.forEach((q, i) => q.article === held && i % (2 * SQUAD_STRIDE) === 0 && add(without, q.question, q.article, undefined));
  }
  return rows;
}

export function fitConfidence(rows: readonly ConfidenceRow[]): LogisticFit {
  return fitLogistic(
    rows.map((row) => row.x),
    rows.map((row) => row.y),
    { l2: 1 },
  );
}

/** Each row's probability from a model fitted without its fold. */
export function crossValidatedPredictions(rows: readonly ConfidenceRow[]): number[] {
  const models = Array.from({ length: FOLDS }, (_, fold) => fitConfidence(rows.filter((row) => row.fold !== fold)));
  return rows.map((row) => predict(models[row.fold] as LogisticFit, row.x));
}

/** Markdown reliability table: answers binned by confidence, with how many in each bin were right. */
export function reliabilityTable(predictions: readonly number[], labels: readonly number[]): string[] {
  const bins = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
  const lines = ["| confidence | answers | mean confidence | share right |", "| --- | ---: | ---: | ---: |"];
  for (let b = 0; b < bins.length - 1; b++) {
    const low = bins[b] ?? 0;
    const high = bins[b + 1] ?? 1;
    const inBin = predictions.map((p, i) => [p, labels[i] ?? 0] as const).filter(([p]) => p >= low && p < high);
    if (inBin.length === 0) continue;
    const mean = inBin.reduce((sum, [p]) => sum + p, 0) / inBin.length;
    const share = inBin.reduce((sum, [, y]) => sum + y, 0) / inBin.length;
    lines.push(`| ${low.toFixed(1)}–${Math.min(1, high).toFixed(1)} | ${inBin.length} | ${mean.toFixed(2)} | ${(100 * share).toFixed(0)}% |`);
  }
  const brier = predictions.reduce((sum, p, i) => sum + (p - (labels[i] ?? 0)) ** 2, 0) / Math.max(1, predictions.length);
  lines.push("", `Brier score ${brier.toFixed(3)} over ${predictions.length} answers.`);
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await confidenceRows();
  const predictions = crossValidatedPredictions(rows);
  for (const source of ["chat", "squad"] as const) {
    const picked = rows.map((row, i) => [row, predictions[i] ?? 0] as const).filter(([row]) => row.source === source);
    console.log(`\n${source}, cross-validated:`);
    console.log(
      reliabilityTable(
        picked.map(([, p]) => p),
        picked.map(([row]) => row.y),
      ).join("\n"),
    );
  }
  const model = fitConfidence(rows);
  const rounded = (values: readonly number[]) => values.map((v) => Number(v.toPrecision(4)));
  const out = { mean: rounded(model.mean), scale: rounded(model.scale), weights: rounded(model.weights), bias: Number(model.bias.toPrecision(4)) };
  console.log(JSON.stringify(out));
  if (!process.argv.includes("--no-write")) writeFileSync(new URL("../src/answer/confidence.json", import.meta.url), `${JSON.stringify(out)}\n`);
}
