import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import type { TelegramConfig } from "../../config/readConfig.js";
import type { BotContext, RunningAdapter } from "../types.js";
import { registerHandlers } from "./registerHandlers.js";

export interface TelegramOptions {
  /**
   * How long to wait for Telegram to confirm the token (`getMe`) before
   * giving up.
   * @default 15000 ms, so a wrong API root fails start-up instead of hanging it
   */
  readonly loginTimeoutMs?: number;
}

/**
 * Starts the Telegram adapter: checks the token, publishes the command menu
 * (`setMyCommands`) from the catalog and starts long polling.
 *
 * @throws when the token is rejected or Telegram cannot be reached, so the
 * caller can keep its other adapters running
 */
export async function startTelegram(context: BotContext, config: TelegramConfig, options: TelegramOptions = {}): Promise<RunningAdapter> {
  const { logger, catalog } = context;
  const bot = new Bot(config.token, config.apiRoot ? { client: { apiRoot: config.apiRoot } } : {});
  // Flood limits (429 with retry_after) and Telegram's own 5xx hiccups are
  // retried a few times; a longer wait than 30 s means the bot is being
  // throttled hard, and failing that reply beats stalling every later one.
  // Network errors are not retried here: auto-retry would retry them without
  // limit, stalling every later update; grammY's polling loop already retries
  // getUpdates itself, and a failed reply goes to bot.catch.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: false, rethrowHttpErrors: true }));

  registerHandlers(bot, context);
  bot.catch(async (error) => {
    logger.error({ err: error.error, updateId: error.ctx.update.update_id }, "telegram: failed to handle an update");
    // One bad update must not stop the bot, and the person still deserves a reply.
    const message = error.ctx.msg;
    if (message) {
      await error.ctx
        .reply("Sorry, something went wrong answering that. Please try again.", {
          reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
        })
        .catch(() => undefined);
    }
  });

  // grammY retries getMe on network errors for as long as it takes; abort
  // those retries on timeout so a failed start leaves nothing running.
  const abort = new AbortController();
  // grammY types its signal with the abort-controller polyfill; the built-in one behaves the same.
  const signal = abort.signal as unknown as Parameters<typeof bot.init>[0];
  await withTimeout(bot.init(signal), options.loginTimeoutMs ?? 15_000, "Telegram did not answer getMe in time", () => abort.abort());
  await bot.api.setMyCommands(catalog.commands.map((command) => ({ command: command.telegramName, description: command.description })));

  let running = true;
  const polling = bot.start({ allowed_updates: ["message", "inline_query"], drop_pending_updates: false });
  polling.catch((error: unknown) => {
    running = false;
    logger.error({ err: error }, "telegram: polling stopped");
  });
  logger.info({ username: bot.botInfo.username }, "telegram: polling");

  return {
    name: "telegram",
    async stop() {
      if (!running) return;
      running = false;
      await bot.stop();
    },
  };
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
