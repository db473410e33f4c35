import { setTimeout as delay } from "node:timers/promises";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { Bot, BotError, GrammyError, HttpError, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../../config/readConfig.js";
import type { Reply } from "../../pipeline/types.js";
import { privacyModeHint, renderTelegramReply } from "../../render/telegram.js";
import { ReplyWatch } from "../ReplyWatch.js";
import type { AdapterContext, RunningAdapter } from "../types.js";
import { AdminCache } from "./AdminCache.js";
import { apologise } from "./apologise.js";
import { keptAliveAgent, retryStaleConnections } from "./staleConnections.js";
import { decodeUpdate, telegramMessageKey, telegramPostKey } from "./decodeUpdate.js";
import { DeliveryInProgressError } from "./DeliveryInProgressError.js";
import { FairGate, type FairGateOptions } from "../FairGate.js";
import { inlineResults } from "./inlineResults.js";
import { publishCommands } from "./publishCommands.js";
import { retryServerErrors, serverErrorBackoff } from "./retryServerErrors.js";
import { sendReply } from "./sendReply.js";
import { NO_INBOX, type UpdateInbox } from "./updateInbox.js";

/** Update types the bot handles; `callback_query` carries the 👍/👎 buttons. */
export const ALLOWED_UPDATES = ["message", "inline_query", "callback_query"] as const;

export interface TelegramOptions {
  /**
   * How long to wait for Telegram to confirm the token (`getMe`) before
   * giving up.
   * @default 15000 ms, so a wrong API root fails start-up instead of hanging it
   */
  readonly loginTimeoutMs?: number;
  /**
   * Wait before polling again after polling failed for the `attempt`-th time
   * in a row (a 409 Conflict, a 401 during a token rotation, a network error).
   * @default capped exponential backoff: 1 s, 2 s, 4 s … 60 s
   */
  readonly backoff?: (attempt: number) => number;
  /**
   * Wait before retrying a call Telegram answered with a 5xx, the
   * `attempt`-th time in a row (three retries at most).
   * @default 3 s, 6 s, 12 s, as @grammyjs/auto-retry waits
   */
  readonly serverErrorBackoff?: (attempt: number) => number;
  /**
   * Longest a clean stop waits for the updates being handled.
   * @default 10000 ms
   */
  readonly stopTimeoutMs?: number;
  /**
   * How many fetched updates this process holds at once, across chats (each
   * chat's own updates are always handled in order). Fetching a burst in
   * full lets the gate pick fairly among its chats; a clean stop answers
   * them all first (polling confirms them to Telegram as it fetches).
   * @default 1000, answered within the stop's 10 s
   */
  readonly concurrency?: number;
  /** How many are answered at once, and the fairness between chats; see {@link FairGateOptions}. */
  readonly gate?: FairGateOptions;
  /**
   * Where fetched updates are kept, from before Telegram hears they were
   * fetched (the next `getUpdates` offset) until they are answered; at start,
   * what an earlier run left there is answered first, in order per chat.
   * @default {@link NO_INBOX}: nothing kept, so a kill loses what was fetched
   * ahead (main.ts passes the store)
   */
  readonly inbox?: UpdateInbox;
  /**
   * Kept updates older than this are given up at start, with a warning.
   * @default 1 day: claims, which keep an answered update from being answered
   * again, are pruned after a day, and Telegram itself keeps updates no longer
   */
  readonly inboxMaxAgeMs?: number;
}

const DEFAULTS = {
  loginTimeoutMs: 15_000,
  backoff: (attempt: number) => Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1)),
  serverErrorBackoff,
  stopTimeoutMs: 10_000,
  concurrency: 1000,
  gate: {},
  inbox: NO_INBOX,
  inboxMaxAgeMs: 24 * 60 * 60 * 1000,
} satisfies Required<TelegramOptions>;

/** Why polling failed, in words an operator can act on. */
export function pollingFailure(error: unknown): string {
  if (error instanceof GrammyError && error.error_code === 409) {
    return "Telegram answered 409 Conflict: another instance is polling with this bot token, or a webhook is set (npm run register sets one when TELEGRAM_WEBHOOK_URL is set)";
  }
  if (error instanceof GrammyError && error.error_code === 401) return "Telegram rejected the bot token (401): was it revoked or rotated?";
  if (error instanceof GrammyError) return `Telegram answered ${error.error_code}: ${error.description}`;
  if (error instanceof HttpError) return "Telegram could not be reached (network error)";
  return error instanceof Error ? error.message : String(error);
}

export interface BotSetup {
  /** Known bot details, so a webhook replica need not call getMe. */
  readonly botInfo?: UserFromGetMe;
  /**
   * Called when an update has been handled (or failed), whatever it was;
   * `settled` is false for one left unanswered for a later run (a stop ended
   * its wait for an earlier run's claim).
   */
  readonly onDone?: (updateId: number, settled: boolean) => void;
  /** Wait before retrying a call Telegram answered with a 5xx. @default {@link serverErrorBackoff} */
  readonly serverErrorBackoff?: (attempt: number) => number;
  /** The gate updates are answered through; see {@link FairGate}. */
  readonly gate?: FairGate;
  /**
   * What to do with an update another process claimed and has not answered
   * (it may have died mid-answer): a webhook throws
   * {@link DeliveryInProgressError}, so the route answers 503 and Telegram
   * delivers it again later; polling (one process fetches at a time, so the
   * claimant is an earlier run that died) waits for the claim to run out,
   * until `signal` aborts.
   * @default "wait", never aborted
   */
  readonly inProgress?: "retry-later" | { readonly signal: AbortSignal };
}

/** Claims a poller waits out in a row before it gives an update up: a claim renewed that often is a live process's. */
const MAX_CLAIM_WAITS = 3;

/** Which updates share an order: those of one chat (or one user, for inline queries). */
const chatKey = (ctx: Context) => String(ctx.chat?.id ?? ctx.from?.id ?? "");

/** The grammY bot with the pipeline behind it, for long polling or a webhook. */
export function createTelegramBot(context: AdapterContext, config: TelegramConfig, setup: BotSetup = {}): Bot {
  const { botInfo, onDone, gate = new FairGate(), inProgress = { signal: new AbortController().signal } } = setup;
  const { pipeline, catalog, logger } = context;
  // Telegram cannot show a private reply in a group: a private summary asked there points to this public one.
  const poster = catalog.commands.find((command) => command.kind === "summary" && command.public);
  const bot = new Bot(config.token, {
    ...(botInfo ? { botInfo } : {}),
    // A hung request to Telegram is given up on, so one chat cannot hold its queue for minutes.
    client: {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      timeoutSeconds: 20,
      baseFetchConfig: { agent: keptAliveAgent(config.apiRoot ?? "https://api.telegram.org") },
    },
  });
  // Innermost: a request lost on a connection the server had just closed is sent again before anything else sees it fail.
  bot.api.config.use(retryStaleConnections());
  // Flood limits (429 with retry_after) and Telegram's own 5xx are retried a
  // few times; longer than 30 s means the bot is being throttled hard, and
  // failing that one reply beats stalling that chat. Network errors are not
  // retried here (auto-retry would retry them without limit). 5xx waits are
  // our own transformer's, so they can be injected.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  bot.api.config.use(retryServerErrors(setup.serverErrorBackoff));

  // Who replied to which group message, noted as updates arrive (before each chat's queue), so an
  // automatic answer is not sent to a question a person answered while the bot was on it.
  const replies = new ReplyWatch();
  const admins = new AdminCache();
  bot.use(async (ctx, next) => {
    const replied = ctx.msg?.reply_to_message;
    if (ctx.chat && ctx.from && !ctx.from.is_bot && replied && typeof replied.message_id === "number")
      replies.note(telegramPostKey(ctx.chat.id, replied.message_id), String(ctx.from.id));
    await next();
  });
  // Updates left for a later run, which must stay in the inbox.
  const leftForLater = new WeakSet<Context>();
  bot.use(async (ctx, next) => {
    const leave = gate.arrived(chatKey(ctx));
    try {
      await next();
    } finally {
      leave();
      onDone?.(ctx.update.update_id, !leftForLater.has(ctx));
    }
  });
  // Concurrent across chats, in order within one: a slow or retried send in one chat never delays another.
  bot.use(sequentialize(chatKey));
  // Answered through the fair gate, the send included (up to its lease), so a
  // burst takes turns with the other chats instead of queueing in front of them.
  bot.use((ctx) =>
    gate.run(chatKey(ctx), async (lease) => {
      const decoded = decodeUpdate(ctx, catalog, replies);
      // Messages nobody addressed to the bot ask whether their sender moderates each time: remembered a minute.
      const [chatId, userId] = [ctx.chat?.id, ctx.from?.id];
      const request =
        decoded?.intent.kind === "channel-message" && chatId !== undefined && userId !== undefined
          ? { ...decoded, isModerator: () => admins.isAdmin(chatId, userId, decoded.isModerator) }
          : decoded;
      if (!request) {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery();
        return;
      }
      let reply = await pipeline.handle(request);
      lease();
      for (let waits = 0; reply.kind === "none" && reply.why === "in-progress"; waits++) {
        if (inProgress === "retry-later") throw new DeliveryInProgressError(ctx.update.update_id, reply.leaseEndsAt);
        if (inProgress.signal.aborted) {
          leftForLater.add(ctx);
          return;
        }
        if (waits === MAX_CLAIM_WAITS) {
          logger.warn({ updateId: ctx.update.update_id }, "telegram: another process keeps answering this update; leaving it to that one");
          return;
        }
        await delay(Math.max(0, reply.leaseEndsAt.getTime() - Date.now()), undefined, { signal: inProgress.signal }).catch(() => undefined);
        reply = await pipeline.handle(request);
      }
      // A redelivery that another replica (or an earlier run) answered, also a
      // button press, which Telegram lets be answered only once.
      if (reply.kind === "none" && reply.why === "duplicate") return;
      let last: number | undefined;
      try {
        last = await deliver(ctx, reply);
      } finally {
        // Sent or failed for good (bot.catch apologises): either way, not to be answered again.
        // Settled first thing after the send: a process killed in between sends this reply again.
        await pipeline.settle(request);
      }
      if (reply.kind === "answer" && reply.answerId !== undefined && last !== undefined && ctx.chat)
        await pipeline.noteSent(telegramMessageKey(ctx.chat.id, last), reply.answerId);
      if (reply.kind === "notice" && reply.notice.identifier === "autoanswer-on") await warnIfBlind(ctx);
    }),
  );
  /**
   * Sends the reply the way the update asks for: a message, a callback
   * acknowledgement, inline results; resolves to the last message sent, if any.
   */
  async function deliver(ctx: Context, reply: Reply): Promise<number | undefined> {
    if (ctx.callbackQuery && reply.kind === "delete-answer") {
      // A message already gone (dismissed twice) is no reason to fail the button.
      await ctx.deleteMessage().catch((error: unknown) => logger.info({ err: error }, "telegram: could not delete a dismissed answer"));
      await ctx.answerCallbackQuery({ text: "Answer removed." });
      return undefined;
    }
    if (ctx.callbackQuery) {
      // Always answered, so the button stops spinning; the acknowledgement is seen by the voter alone.
      const message = renderTelegramReply(reply, { chatPrivate: true, botUsername: ctx.me.username });
      await ctx.answerCallbackQuery(message?.plain ? { text: message.plain.slice(0, 200) } : {});
      return undefined;
    }
    if (ctx.inlineQuery) {
      await ctx.answerInlineQuery(reply.kind === "answer" ? inlineResults(reply.answer) : [], { cache_time: 60, is_personal: false });
      return undefined;
    }
    const message = renderTelegramReply(reply, { chatPrivate: ctx.chat?.type === "private", botUsername: ctx.me.username, ...(poster ? { poster } : {}) });
    return message ? sendReply(ctx, message) : undefined;
  }
  /**
   * After `/autoanswer on` in a group the bot cannot read (privacy mode on,
   * not an admin), tells the moderator privately how to fix it.
   */
  async function warnIfBlind(ctx: Context): Promise<void> {
    if (!ctx.chat || ctx.chat.type === "private" || !ctx.from || ctx.me.can_read_all_group_messages) return;
    const member = await ctx.getChatMember(ctx.me.id).catch(() => undefined);
    if (member?.status === "administrator" || member?.status === "creator") return;
    const text = privacyModeHint(ctx.me.username);
    await ctx.api.sendMessage(ctx.from.id, text, { parse_mode: "HTML" }).catch(() => ctx.reply(text, { parse_mode: "HTML" }).catch(() => undefined));
  }
  bot.catch(async (error) => {
    logger.error({ err: error.error, updateId: error.ctx.update.update_id }, "telegram: failed to handle an update");
    // One bad update must not stop the bot, and the person still deserves a reply.
    await apologise(error.ctx);
  });
  return bot;
}

/** Checks the token (`getMe`) within a time limit, aborting grammY's own retries when it runs out. */
export async function initBot(bot: Bot, loginTimeoutMs: number): Promise<void> {
  const abort = new AbortController();
  // grammY types its signal with the abort-controller polyfill; the built-in one behaves the same.
  const signal = abort.signal as unknown as Parameters<typeof bot.init>[0];
  const init = bot.init(signal);
  try {
    await withTimeout(init, loginTimeoutMs, "Telegram did not answer getMe in time", () => abort.abort());
  } catch (error) {
    // Fails only once grammY has given up too, so no getMe is retried after start-up failed.
    await init.catch(() => undefined);
    throw error;
  }
}

/**
 * Starts the Telegram adapter with long polling: checks the token,
 * publishes the command menu from the catalog, and polls through
 * `@grammyjs/runner`, handling updates of different chats concurrently.
 * Polling that fails (409, 401, network) is retried with capped backoff and
 * a warning that says why; it never stops the process.
 *
 * @throws when the token is rejected at start-up or Telegram cannot be
 * reached, so the caller can keep its other adapters running
 */
export async function startTelegram(context: AdapterContext, config: TelegramConfig, options: TelegramOptions = {}): Promise<RunningAdapter> {
  const settings = { ...DEFAULTS, ...options };
  const { logger, catalog } = context;
  // Which fetched updates are not done yet, so a stop waits for them and then confirms exactly what was done.
  const pending = new Set<number>();
  let highest = 0;
  let whenIdle: (() => void) | undefined;
  const { inbox } = settings;
  let source = "";
  // Inbox entries being forgotten, so a stop lets them finish before the store closes.
  const dropping = new Set<Promise<void>>();
  const done = (id: number, settled: boolean) => {
    pending.delete(id);
    if (settled) {
      const dropped = inbox
        .dropInbox(source, id)
        .catch((error: unknown) => logger.warn({ err: error, updateId: id }, "telegram: could not forget an answered update; a restart skips it as answered"))
        .finally(() => dropping.delete(dropped));
      dropping.add(dropped);
    }
    if (pending.size === 0) whenIdle?.();
  };
  const idle = () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (whenIdle = resolve)));
  let stopping = false;
  const gate = new FairGate(settings.gate);
  // A stop ends any wait for a claim an earlier run left: the update stays unconfirmed, for the next run.
  const stopWaiting = new AbortController();
  const bot = createTelegramBot(context, config, {
    onDone: done,
    gate,
    serverErrorBackoff: settings.serverErrorBackoff,
    inProgress: { signal: stopWaiting.signal },
  });
  await initBot(bot, settings.loginTimeoutMs);
  await publishCommands(bot.api, catalog);
  source = `telegram:${bot.botInfo.id}`;
  const leftovers = await keptUpdates(inbox, source, settings.inboxMaxAgeMs, logger);
  bot.api.config.use(async (prev, method, payload, signal) => {
    // A poller started again after a failure begins at offset 0; it continues
    // after what this process already fetched instead, so nothing is handled twice.
    if (method === "getUpdates" && !stopping && highest > 0) {
      const given = (payload as { offset?: number }).offset ?? 0;
      if (given <= highest) payload = { ...payload, offset: highest + 1 };
    }
    const result = await prev(method, payload, signal);
    if (method !== "getUpdates" || !result.ok || stopping) return result;
    const fetched = result.result as Update[];
    // Fetched again (an earlier run's, being answered from the inbox): handled once.
    const fresh = fetched.filter((update) => !pending.has(update.update_id));
    // Kept before the runner sees them: it confirms them to Telegram (its next
    // offset) only after this, so a kill at any moment leaves each update with
    // Telegram or in the inbox.
    const receivedAt = new Date();
    await inbox.keepInbox(fresh.map((update) => ({ source, updateId: update.update_id, payload: JSON.stringify(update), receivedAt })));
    for (const update of fetched) highest = Math.max(highest, update.update_id);
    for (const update of fresh) pending.add(update.update_id);
    return fresh.length === fetched.length ? result : ({ ...result, result: fresh } as unknown as typeof result);
  });
  let handle: RunnerHandle | undefined;
  let failures = 0;
  let connected = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const startPolling = () => {
    if (stopping) return;
    handle = run(bot, {
      runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: 30 }, silent: true, retryInterval: "exponential", maxRetryTime: 30_000 },
      sink: { concurrency: settings.concurrency },
    });
    connected = true;
    handle.task()?.then(
      () => undefined,
      (error: unknown) => {
        connected = false;
        if (stopping) return;
        failures++;
        const wait = settings.backoff(failures);
        logger.warn(
          { err: error, attempt: failures, retryInMs: wait },
          `telegram: polling failed: ${pollingFailure(error)}; retrying in ${Math.round(wait / 1000)} s`,
        );
        retryTimer = setTimeout(startPolling, wait);
      },
    );
  };
  // A successful fetch after failures resets the backoff.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === "getUpdates" && result.ok && failures > 0) {
      logger.info({ after: failures }, "telegram: polling again");
      failures = 0;
    }
    return result;
  });
  // What an earlier run fetched and did not answer goes first: started in
  // order before polling, each chat's queue (sequentialize) holds them ahead
  // of anything newer from that chat, and the fair gate takes turns as usual.
  for (const update of leftovers) {
    pending.add(update.update_id);
    bot.handleUpdate(update).catch(async (error: unknown) => {
      if (error instanceof BotError) await bot.errorHandler(error);
    });
  }
  if (leftovers.length > 0) logger.info({ updates: leftovers.length }, "telegram: answering the updates an earlier run left unanswered");
  startPolling();
  logger.info({ username: bot.botInfo.username }, "telegram: polling");

  return {
    name: "telegram",
    connected: () => connected,
    async stop() {
      if (stopping) return;
      stopping = true;
      stopWaiting.abort();
      clearTimeout(retryTimer);
      // Stop fetching, let the updates in hand finish (bounded), then tell
      // Telegram which are done so a restart neither loses nor repeats them.
      // The runner's stop resolves once it fetches no more, not when the
      // updates it handed out are done: those are awaited here.
      // Polling has confirmed to Telegram every update fetched but the last
      // batch: all are answered now, as fast as possible, fairness aside.
      gate.unbind();
      const finished = (handle?.stop() ?? Promise.resolve()).then(idle);
      await withTimeout(finished, settings.stopTimeoutMs, "in-flight updates", () => undefined).catch(() => {
        logger.warn({ unfinished: pending.size }, "telegram: stopped before every update was handled");
      });
      connected = false;
      const offset = pending.size > 0 ? Math.min(...pending) : highest + 1;
      if (highest > 0) await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => undefined);
      await Promise.allSettled([...dropping]);
    },
  };
}

/**
 * The updates an earlier run kept and did not answer, oldest first; those
 * kept longer than `maxAgeMs` are given up with a warning (their claims,
 * which would stop a second answer, are gone by then).
 */
async function keptUpdates(inbox: UpdateInbox, source: string, maxAgeMs: number, logger: AdapterContext["logger"]): Promise<Update[]> {
  const pruned = await inbox.pruneInbox(new Date(Date.now() - maxAgeMs));
  if (pruned > 0)
    logger.warn({ updates: pruned }, `telegram: gave up ${pruned} kept updates older than ${Math.round(maxAgeMs / 3_600_000)} h without an answer`);
  const kept = await inbox.inbox(source);
  const updates: Update[] = [];
  for (const entry of kept) {
    try {
      updates.push(JSON.parse(entry.payload) as Update);
    } catch {
      logger.warn({ updateId: entry.updateId }, "telegram: a kept update is not readable JSON; skipped");
      await inbox.dropInbox(source, entry.updateId);
    }
  }
  return updates;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout();
          reject(new Error(message));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
