/**
 * The knowledge-gap report: `npm run report`.
 *
 *   npm run report -- [--out FILE] [--days N] [--json]
 *
 * Writes one self-contained HTML page (default DATA_DIR/report.html): questions
 * per day, share answered, 👍/👎 per section, most cited sections, top gaps.
 * `--json` prints the figures as one JSON object instead. Reads the bot's
 * configuration (environment or .env: DATA_DIR, STORE_URL…); it never prunes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createLogger } from "../logger.js";
import { renderReport, reportJson } from "../report/renderReport.js";
import { openStore } from "../store/index.js";
import { runCli } from "./runCli.js";
import { storeOptions } from "./storeOptions.js";
import { configSecrets, readConfig } from "../config/readConfig.js";

const USAGE = "Usage: npm run report -- [--out FILE] [--days N] [--json]";
const DAY_MS = 24 * 60 * 60 * 1000;

await runCli(async () => {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { out: { type: "string" }, days: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const days = values.days === undefined ? 30 : Number(values.days);
  if (!Number.isInteger(days) || days < 1) {
    console.error(`error: --days must be a whole number of days, at least 1\n${USAGE}`);
    return 2;
  }
  const config = readConfig();
  const store = await openStore({ ...storeOptions(config), pruneEveryMs: 0, logger: createLogger(config.logLevel ?? "warn", configSecrets(config)) });
  try {
    const until = new Date();
    const data = await store.gaps.stats({ since: new Date(until.getTime() - days * DAY_MS), until });
    if (values.json) {
      console.log(JSON.stringify(reportJson(data, days), null, 2));
      return 0;
    }
    const out = resolve(values.out ?? join(config.dataDir, "report.html"));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, renderReport(data, { days }));
    console.log(`Wrote ${out}: ${data.questions} questions, ${data.answered} answered, ${data.gaps.length} gaps, last ${days} days.`);
    return 0;
  } finally {
    await store.close();
  }
}, USAGE);
