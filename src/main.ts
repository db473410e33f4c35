/**
 * Starts the bot: every adapter whose token is set (Discord, Telegram), or
 * the console chat when none is. One adapter failing does not stop the
 * other; SIGINT/SIGTERM stop everything cleanly (a second signal during the
 * stop does not cut it short); SIGHUP reloads the corpus.
 *
 *   npm start [-- --corpus DIR]
 */
import { problemWarning } from "./corpus/problemWarning.js";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { startConsole } from "./adapters/console/startConsole.js";
import { answerInteractionFully } from "./adapters/discord/answerInteraction.js";
import { acknowledgeOverHttp } from "./adapters/discord/http/acknowledgeOverHttp.js";
import { mountDiscordInteractions } from "./adapters/discord/http/interactionsRoute.js";
import { startDiscord } from "./adapters/discord/startDiscord.js";
import { createTelegramBot, initBot, startTelegram } from "./adapters/telegram/startTelegram.js";
import { mountTelegramWebhook, telegramWebhookCheck } from "./adapters/telegram/webhook.js";
import type { AdapterContext, RunningAdapter } from "./adapters/types.js";
import { runCli } from "./cli/runCli.js";
import { storeOptions } from "./cli/storeOptions.js";
import { loadCatalog } from "./commands/loadCatalog.js";
import { taughtFiles } from "./corpus/taughtDocument.js";
import { configSecrets, publicUrlOf, readConfig, type Config } from "./config/readConfig.js";
import { startLocalPage } from "./adapters/web/startLocalPage.js";
import { webAdmin } from "./adapters/web/webAdmin.js";
import { HTTP_SERVER_DEFAULTS, HttpServer } from "./http/HttpServer.js";
import { createLogger, drainLog, type Logger } from "./logger.js";
import { Metrics } from "./metrics/Metrics.js";
import { createPipeline } from "./pipeline/createPipeline.js";
import { DEFAULT_RATE_LIMIT } from "./pipeline/defaults.js";
import type { ReloadOutcome, ServiceSource } from "./pipeline/ports.js";
import { checkTopics } from "./service/checkTopics.js";
import { fetchedFiles, sourceStates } from "./sources/fetchSources.js";
import { PoliteFetcher } from "./sources/PoliteFetcher.js";
import { SourceScheduler } from "./sources/SourceScheduler.js";
import { ServiceHolder } from "./service/ServiceHolder.js";
import { openStore, type Store } from "./store/index.js";

const USAGE = `Usage: npm start [-- --corpus DIR]
Runs every adapter whose token is set (see .env.example), else the console chat.
--corpus DIR answers from DIR instead of CORPUS_DIR or the bundled corpus.`;

/** Longest a clean stop may take before a second signal may cut it short. */
const STOP_BOUND_MS = 10_000;

/** Longest the stop waits for log lines a slow reader has not taken yet. */
const LOG_DRAIN_MS = 2_000;

/** Channel on which replicas tell each other that what they answer from changed. */
const RELOAD_CHANNEL = "cited_reload";

await runCli(async () => {
  // The same --corpus as the ask CLI, so one folder can be tried both ways.
  const { values } = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config: Config = { ...readConfig(), ...(values.corpus ? { corpusDir: values.corpus } : {}) };
  const platforms = Boolean(config.discord || config.telegram);
  // The console chat shares the terminal with the log, so it only shows warnings unless asked.
  const logger = createLogger(config.logLevel ?? (platforms ? "info" : "warn"), configSecrets(config));
  guardProcess(logger);

  const catalog = await loadCatalog(config.commandsDir);
  const store = await openStore({ ...storeOptions(config), logger });
  const cleanups: Array<() => Promise<unknown>> = [() => store.close()];
  const metrics = new Metrics();
  // Listening from the start (platforms; the console chat has its own on 127.0.0.1), so /healthz
  // answers while the index builds and /readyz says 503 until every adapter has started.
  const http = platforms
    ? new HttpServer(config.port === undefined ? {} : { port: config.port }, {
        logger,
        metrics: metrics.registry,
        onRequest: (route, status) => metrics.httpRequest(route, status),
      })
    : undefined;
  // The moderators' page: registered before the server listens (Fastify takes no plugins after), served once the index is built.
  const admin = http ? webAdmin({ store, publicUrl: () => publicUrlOf(config, listeningPort(http, config)), metrics, logger }) : undefined;
  if (http && admin) http.register(admin.plugin);
  let started = false;
  // The console chat keeps the default: Ctrl-C ends it.
  const stopRequested = platforms ? stopSignal(logger) : undefined;
  try {
    if (http) {
      http.addReadinessCheck("startup", () => ({ ready: started, detail: started ? "started" : "starting" }));
      await http.listen();
    }
    // Web sources are fetched before the first index (a copy within its interval is used as is), so it includes them.
    let reloadForSources: (reason: string) => void = () => undefined;
    const sources = await SourceScheduler.start({
      corpusDir: config.corpusDir,
      cacheDir: config.cacheDir,
      fetcher: new PoliteFetcher({ allowPrivate: config.sourcesAllowPrivate }),
      logger,
      onReport: (report) => metrics.sourceFetched(report.result),
      onChanged: (reason) => reloadForSources(reason),
      watch: true,
    });
    cleanups.unshift(async () => sources.stop());
    const holder = await ServiceHolder.create({
      corpusDir: config.corpusDir,
      cacheDir: config.cacheDir,
      logger,
      validate: (service) => checkTopics(catalog, service),
      // Web documents join the taught answers; a corpus without web sources reads no cache for them.
      extraFiles: async () => [
        ...taughtFiles(await store.teaching.listTaught()),
        ...(sources.count > 0 ? (await fetchedFiles(config.corpusDir, config.cacheDir)).files : []),
      ],
      ...(config.maxFileMb ? { limits: { maxFileBytes: config.maxFileMb * 2 ** 20 } } : {}),
    });
    cleanups.unshift(() => holder.close());
    const { corpus } = holder.current;
    for (const problem of corpus.problems) logger.warn({ file: problem.file }, `corpus: ${problemWarning(problem)}`);
    logger.info({ documents: corpus.documents.length, commands: catalog.commands.length, version: holder.current.version }, "corpus and commands loaded");
    metrics.corpusVersion(holder.current.version);
    holder.on("reloaded", ({ version, ms, reason, changed }) => {
      metrics.reloaded("success", ms / 1000, version);
      logger.info({ version, ms: Math.round(ms), reason, changed }, "reloaded the corpus");
    });
    holder.on("reload-failed", ({ error, reason }) => {
      metrics.reloaded("failure", 0);
      logger.error({ err: error, reason }, `reload failed; still answering from the previous corpus: ${error.message}`);
    });

    const services = await shareReloads(holder, store, logger);
    reloadForSources = (reason) => void services.reload(reason);
    process.on("SIGHUP", () => void services.reload("SIGHUP"));
    const webSources = async () =>
      (await sourceStates(config.corpusDir, config.cacheDir)).map(({ spec, state }) => ({
        url: spec.url,
        documents: state?.documents.length ?? 0,
        ...(state?.fetchedAt ? { fetchedAt: state.fetchedAt } : {}),
        ...(state?.succeededAt ? { succeededAt: state.succeededAt } : {}),
        ...(state?.error ? { error: state.error } : {}),
      }));
    // The console chat: the moderators' page on 127.0.0.1 only, for the operator's /admin links.
    const page = http
      ? undefined
      : await startLocalPage({
          store,
          port: config.port ?? HTTP_SERVER_DEFAULTS.port,
          ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
          metrics,
          registry: metrics.registry,
          logger,
        });
    if (page) cleanups.unshift(() => page.close());
    const pages = admin ?? page?.admin;
    pages?.serve({ services, webSources, fetchSource: (url) => sources.fetchNow(url) });
    const pipeline = createPipeline(
      { services, catalog, logger, store, metrics, webSources, ...(pages?.loginLinks ? { loginLinks: pages.loginLinks } : {}) },
      {
        rateLimit: config.rateLimit ?? { ...DEFAULT_RATE_LIMIT, limit: 0 },
        claim: { leaseMs: config.claimLeaseSeconds * 1000 },
        autoAnswer: { hourlyCap: config.autoAnswerHourlyCap, backOffMs: config.autoAnswerBackOffMinutes * 60_000 },
      },
    );
    const context: AdapterContext = { pipeline, catalog, logger };

    if (!http) {
      const chat = startConsole(context);
      await chat.closed;
      return 0;
    }

    http.addReadinessCheck("index", () => ({ ready: true, detail: `corpus ${holder.current.version}` }));
    // Not only reachable: able to write (a read-only file, a full disk or a deleted SQLite file show here).
    http.addReadinessCheck("store", () => store.writable());
    const running = await startAdapters(config, context, http, logger, store);
    if (running.length === 0) {
      logger.fatal("no adapter could start; see the errors above");
      return 1;
    }
    started = true;
    await stopRequested;
    http.markStopping();
    await Promise.allSettled(running.map((adapter) => adapter.stop()));
    return 0;
  } finally {
    // First: requests in flight finish while the service and the store are still there.
    await http?.close().catch((error: unknown) => logger.warn({ err: error }, "clean-up failed"));
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => logger.warn({ err: error }, "clean-up failed"));
    // Last: a log reader that stopped reading must not keep the process from ending.
    await drainLog(LOG_DRAIN_MS);
  }
}, USAGE);

/**
 * The service as the pipeline sees it, with reloads shared between replicas:
 * a reload here (a taught answer, `/reload`, SIGHUP) is announced on the
 * store, and one announced by another replica reloads this one. Each replica
 * ignores its own announcements.
 */
async function shareReloads(holder: ServiceHolder, store: Store, logger: Logger): Promise<ServiceSource & { reload(reason: string): Promise<ReloadOutcome> }> {
  const self = randomUUID();
  await store
    .subscribe(RELOAD_CHANNEL, (payload) => {
      const [from, reason] = payload.split("\n", 2);
      if (from !== self) void holder.reload(`another replica: ${reason ?? ""}`);
    })
    .catch((error: unknown) => logger.warn({ err: error }, "reloads will not be shared with other replicas"));
  return {
    get current() {
      return holder.current;
    },
    async reload(reason: string) {
      const outcome = await holder.reload(reason);
      if (outcome.ok) await store.publish(RELOAD_CHANNEL, `${self}\n${reason}`).catch(() => undefined);
      return outcome;
    },
  };
}

/**
 * Starts each configured platform: Discord over the gateway, or over HTTP
 * interactions with DISCORD_PUBLIC_KEY; Telegram by long polling, or by
 * webhook with TELEGRAM_WEBHOOK_URL. One failing leaves the others running.
 */
async function startAdapters(config: Config, context: AdapterContext, http: HttpServer, logger: Logger, store: Store): Promise<RunningAdapter[]> {
  const starting: Array<[string, Promise<RunningAdapter>]> = [];
  const { discord, telegram } = config;
  if (discord?.publicKey) {
    const policy = { roles: discord.moderatorRoles ?? [] };
    const answer = acknowledgeOverHttp(
      (interaction) => answerInteractionFully(interaction, context, policy),
      logger,
      discord.apiRoot ? { apiRoot: discord.apiRoot } : {},
    );
    mountDiscordInteractions(http, discord.publicKey, answer, { logger });
    starting.push(["discord", Promise.resolve({ name: "discord", connected: () => true, stop: async () => undefined })]);
  } else if (discord) {
    starting.push(["discord", startDiscord(context, discord, { roles: discord.moderatorRoles ?? [], trustedRoles: discord.trustedRoles ?? [] })]);
  }
  if (telegram?.webhook) {
    const { webhook } = telegram;
    starting.push([
      "telegram",
      (async () => {
        const bot = createTelegramBot(context, telegram, { inProgress: "retry-later" });
        await initBot(bot, 15_000);
        mountTelegramWebhook(http, bot, webhook);
        http.addReadinessCheck("telegram", telegramWebhookCheck(bot, webhook.url));
        return { name: "telegram", connected: () => true, stop: async () => undefined };
      })(),
    ]);
  } else if (telegram) {
    // Polling keeps what it fetched in the store until answered, so a kill loses nothing.
    starting.push(["telegram", startTelegram(context, telegram, { inbox: store.deliveries })]);
  }
  const running: RunningAdapter[] = [];
  // Settled together: awaiting one while another has already failed would leave that failure
  // "unhandled" for a while (Node's unhandled-rejection report, then PromiseRejectionHandledWarning).
  const outcomes = await Promise.allSettled(starting.map(([, started]) => started));
  for (const [index, [name]] of starting.entries()) {
    const outcome = outcomes[index];
    if (outcome?.status === "fulfilled") {
      const adapter = outcome.value;
      running.push(adapter);
      if (!(name === "telegram" && telegram?.webhook))
        http.addReadinessCheck(name, () => ({
          ready: adapter.connected?.() ?? true,
          detail: adapter.connected?.() === false ? "reconnecting" : (adapter.detail?.() ?? "connected"),
        }));
      logger.info({ adapter: name }, `${name}: connected`);
    } else {
      const error: unknown = outcome?.reason;
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ adapter: name, err: error }, `${name}: could not start: ${message}`);
      // A configured platform that is not served keeps the process out of a load balancer's rotation.
      http.addReadinessCheck(name, () => ({ ready: false, detail: `could not start: ${message}` }));
    }
  }
  return running;
}

/**
 * Resolves on the first SIGINT or SIGTERM, which starts a clean stop; more
 * signals during it are logged and ignored until the stop has taken longer
 * than its bound, then the next one ends the process. Installed before the
 * bot starts (its HTTP server answers from the start): a signal during the
 * start-up lets it finish, then the bot stops at once.
 */
function stopSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise<NodeJS.Signals>((resolve) => {
    let stopping: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping === undefined) {
        stopping = Date.now();
        logger.info({ signal }, "shutting down: finishing the updates in hand");
        resolve(signal);
        return;
      }
      if (Date.now() - stopping > STOP_BOUND_MS) {
        logger.warn({ signal }, "signal after the stop's bound: exiting now");
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

/** The port the server listens on, or the one it will (the cookie's Secure flag is read from PUBLIC_URL before it listens). */
function listeningPort(http: HttpServer, config: Config): number {
  try {
    return http.address().port;
  } catch {
    return config.port ?? HTTP_SERVER_DEFAULTS.port;
  }
}
