/**
 * Trains the answer scorer on a SQuAD-format file and writes its weights.
 *
 *   npm run train -- [--squad FILE] [--out FILE] [--no-cv] [--order hand-tuned|ranker] [--max-loss SHARE] [--resemblance-loss SHARE] [--l2 PENALTY]
 *
 * First reports article-wise cross-validation (train on all articles but one,
 * test on that one, for each), then trains on every article and writes the
 * weights the engine loads (src/answer/scoring/weights.json by default).
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { trainModel } from "../eval/trainModel.js";
import { crossValidate, formatCounts } from "../eval/crossValidate.js";
import { readSquad } from "../eval/squadFile.js";
import { runCli } from "./runCli.js";

const DEFAULT_SQUAD = fileURLToPath(new URL("../../../shared/data/squad2-dev-subset.json", import.meta.url));
const DEFAULT_OUT = fileURLToPath(new URL("../answer/scoring/weights.json", import.meta.url));

await runCli(async () => {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      squad: { type: "string" },
      out: { type: "string" },
      "no-cv": { type: "boolean" },
      order: { type: "string" },
      "max-loss": { type: "string" },
      "resemblance-loss": { type: "string" },
      l2: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "Usage: npm run train -- [--squad FILE] [--out FILE] [--no-cv] [--order hand-tuned|ranker] [--max-loss SHARE] [--resemblance-loss SHARE] [--l2 PENALTY]",
    );
    return 0;
  }
  const trainOptions = {
    order: values.order === "ranker" ? ("ranker" as const) : ("hand-tuned" as const),
    ...(values["max-loss"] !== undefined ? { maxAnswerLoss: Number(values["max-loss"]) } : {}),
    ...(values["resemblance-loss"] !== undefined ? { maxResemblanceLoss: Number(values["resemblance-loss"]) } : {}),
    ...(values.l2 !== undefined ? { l2: Number(values.l2) } : {}),
  };
  const squad = readSquad(values.squad ?? DEFAULT_SQUAD);
  if (!values["no-cv"]) {
    const cv = crossValidate(squad, trainOptions);
    for (const fold of cv.folds) console.log(`${fold.article} (threshold ${fold.threshold.toFixed(3)}): ${formatCounts(fold.counts)}`);
    console.log(`cross-validated: ${formatCounts(cv.total)}`);
  }
  const model = trainModel(
    squad,
    squad.titles.map((_, i) => i),
    trainOptions,
  );
  const out = values.out ?? DEFAULT_OUT;
  await writeFile(out, `${JSON.stringify(model, null, 1)}\n`);
  console.log(`weights written to ${out} (threshold ${model.threshold})`);
  return 0;
});
