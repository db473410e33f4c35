/**
 * Starts the bot: every adapter whose token is set (Discord, Telegram), or
 * the console chat when none is. One adapter failing to log in does not stop
 * the other; SIGINT/SIGTERM stop everything cleanly.
 *
 *   npm start [-- --corpus DIR]
 */
import { parseArgs } from "node:util";
import { startConsole } from "./adapters/console/startConsole.js";
import { startDiscord } from "./adapters/discord/startDiscord.js";
import { startTelegram } from "./adapters/telegram/startTelegram.js";
import type { BotContext, RunningAdapter } from "./adapters/types.js";
import { AnswerService } from "./answer/AnswerService.js";
import { runCli } from "./cli/runCli.js";
import { checkTopics } from "./service/checkTopics.js";
import { loadCatalog } from "./commands/loadCatalog.js";
import { readConfig } from "./config/readConfig.js";
import { createLogger } from "./logger.js";

const USAGE = `Usage: npm start [-- --corpus DIR]
Runs every adapter whose token is set (see .env.example), else the console chat.
--corpus DIR answers from DIR instead of CORPUS_DIR or the bundled corpus.`;

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

  const service = await AnswerService.load(config.corpusDir);
  for (const problem of service.corpus.problems) logger.warn({ file: problem.file }, `corpus: skipped ${problem.file}: ${problem.message}`);
  const catalog = await loadCatalog(config.commandsDir);
  checkTopics(catalog, service);
  logger.info({ documents: service.corpus.documents.length, commands: catalog.commands.length }, "corpus and commands loaded");
  const context: BotContext = { service, catalog, logger };

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

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, "shutting down");
      void Promise.allSettled(running.map((adapter) => adapter.stop())).then(() => resolve());
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
  return 0;
}, USAGE);
