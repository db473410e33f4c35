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
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: false }));

  registerHandlers(bot, context);
  bot.catch(async (error) => {
    logger.error({ err: error.error, updateId: error.ctx.update.update_id }, "telegram: failed to handle an update");
    // One bad update must not stop the bot, and the person still deserves a reply.
    if (error.ctx.msg) {
      await error.ctx.reply("Sorry, something went wrong answering that. Please try again.").catch(() => undefined);
    }
  });

  await withTimeout(bot.init(), options.loginTimeoutMs ?? 15_000, "Telegram did not answer getMe in time");
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

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
