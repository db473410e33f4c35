import { Api } from "grammy";
import type { CommandCatalog } from "../../commands/types.js";
import type { TelegramConfig } from "../../config/readConfig.js";
import { publishCommands } from "./publishCommands.js";
import { ALLOWED_UPDATES } from "./startTelegram.js";

/**
 * Tells Telegram, once, how to reach the bot: `setWebhook` (with the secret
 * and the updates it handles) when a webhook URL is configured, otherwise
 * `deleteWebhook` so long polling works; then publishes the command menu
 * (`setMyCommands`). Run by `npm run register`, not at every replica's start.
 *
 * @returns one line per step, for the operator (never the secret)
 */
export async function registerTelegram(config: TelegramConfig, catalog: CommandCatalog): Promise<string[]> {
  const api = new Api(config.token, config.apiRoot ? { apiRoot: config.apiRoot } : {});
  const lines: string[] = [];
  if (config.webhook) {
    await api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    lines.push(`Telegram: webhook set to ${config.webhook.url} (served at ${config.webhook.path}).`);
  } else {
    await api.deleteWebhook();
    lines.push("Telegram: no webhook (long polling).");
  }
  await publishCommands(api, catalog);
  lines.push(`Telegram: published ${catalog.commands.length} commands.`);
  return lines;
}
