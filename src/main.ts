/**
 * Starts the bot: every adapter whose token is set (Discord, Telegram), or
 * the console chat when none is. One adapter failing does not stop the
 * other; SIGINT/SIGTERM stop everything cleanly (a second signal during the
 * stop does not cut it short); SIGHUP reloads the corpus.
 *
 *   npm start [-- --corpus DIR]
 */
import { parseArgs } from "node:util";
import { startConsole } from "./adapters/console/startConsole.js";
import { startDiscord } from "./adapters/discord/startDiscord.js";
import { startTelegram } from "./adapters/telegram/startTelegram.js";
import type { RunningAdapter } from "./adapters/types.js";
import { AnswerService } from "./answer/AnswerService.js";
import { runCli } from "./cli/runCli.js";
import { checkTopics } from "./service/checkTopics.js";
import { loadCatalog } from "./commands/loadCatalog.js";
import { readConfig } from "./config/readConfig.js";
import { createLogger, type Logger } from "./logger.js";
import { createPipeline } from "./pipeline/createPipeline.js";
import type { ReloadOutcome, ServiceSource } from "./pipeline/ports.js";

const USAGE = `Usage: npm start [-- --corpus DIR]
Runs every adapter whose token is set (see .env.example), else the console chat.
--corpus DIR answers from DIR instead of CORPUS_DIR or the bundled corpus.`;

/** Longest a clean stop may take before a second signal may cut it short. */
const STOP_BOUND_MS = 10_000;

await runCli(async () => {
  // The same --corpus as the ask CLI, so one folder can be tried both ways.
  const { values } = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = { ...readConfig(), ...(values.corpus ? { corpusDir: values.corpus } : {}) };
  const platforms = Boolean(config.discord || config.telegram);
  // The console chat shares the terminal with the log, so it only shows warnings unless asked.
  const logger = createLogger(config.logLevel ?? (platforms ? "info" : "warn"), [config.discord?.token, config.telegram?.token]);
  guardProcess(logger);

  const catalog = await loadCatalog(config.commandsDir);
  const initial = await AnswerService.load(config.corpusDir);
  for (const problem of initial.corpus.problems) logger.warn({ file: problem.file }, `corpus: skipped ${problem.file}: ${problem.message}`);
  checkTopics(catalog, initial);
  logger.info({ documents: initial.corpus.documents.length, commands: catalog.commands.length }, "corpus and commands loaded");

  const services = reloadable(initial, async () => {
    const next = await AnswerService.load(config.corpusDir);
    checkTopics(catalog, next);
    return next;
  });
  process.on("SIGHUP", () => {
    void services.reload("SIGHUP").then((outcome) => {
      if (outcome.ok) logger.info({ version: outcome.version, ms: outcome.ms }, "reloaded on SIGHUP");
      else logger.error({ err: outcome.error }, `reload on SIGHUP failed; still answering from the previous corpus: ${outcome.error.message}`);
    });
  });
  const pipeline = createPipeline({ services, catalog, logger });
  const context = { pipeline, catalog, logger };

  if (!platforms) {
    const chat = startConsole(context);
    await chat.closed;
    return 0;
  }

  const starting: Array<[string, Promise<RunningAdapter>]> = [];
  if (config.discord) starting.push(["discord", startDiscord(context, config.discord)]);
  if (config.telegram) starting.push(["telegram", startTelegram(context, config.telegram)]);
  const running: RunningAdapter[] = [];
  for (const [name, started] of starting) {
    try {
      running.push(await started);
      logger.info({ adapter: name }, `${name}: connected`);
    } catch (error) {
      logger.error({ adapter: name, err: error }, `${name}: could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (running.length === 0) {
    logger.fatal("no adapter could start; see the errors above");
    return 1;
  }

  await untilStopped(logger, () => Promise.allSettled(running.map((adapter) => adapter.stop())).then(() => undefined));
  return 0;
}, USAGE);

/**
 * A service that reloads in place: the pipeline reads `current` for each
 * request, so a reload swaps it for the next request while the ones under
 * way finish with the old one; a reload that fails keeps the old one.
 */
function reloadable(initial: AnswerService, build: () => Promise<AnswerService>): ServiceSource & { reload(reason: string): Promise<ReloadOutcome> } {
  let current = initial;
  return {
    get current() {
      return current;
    },
    async reload() {
      const started = performance.now();
      try {
        const next = await build();
        const changed = next.version !== current.version;
        current = next;
        return { ok: true, version: next.version, ms: performance.now() - started, changed };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
  };
}

/**
 * Resolves once the bot has stopped after SIGINT or SIGTERM. The first signal
 * starts a clean stop; more signals during it are logged and ignored until the
 * stop has taken longer than its bound, then the next one ends the process.
 */
function untilStopped(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping === undefined) {
        stopping = Date.now();
        logger.info({ signal }, "shutting down: finishing the updates in hand");
        void stop().then(() => resolve());
        return;
      }
      if (Date.now() - stopping > STOP_BOUND_MS) {
        logger.warn({ signal }, "second signal after the stop's bound: exiting now");
        process.exit(1);
      }
      logger.info({ signal }, "already shutting down");
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * A platform's failure never takes the bot down: a stray rejection is
 * logged; an uncaught exception leaves the process in an unknown state, so
 * it is logged and the process exits non-zero for its supervisor to restart it.
 */
function guardProcess(logger: Logger): void {
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception; exiting for a restart");
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  });
}
