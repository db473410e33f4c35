/**
 * Registers the bot with its platforms, once per deployment: `npm run register`.
 * Discord: the command catalog, in DISCORD_GUILD_ID when set (instant), else
 * globally. Telegram: the webhook (TELEGRAM_WEBHOOK_URL; removed when unset,
 * for long polling) and the command menu.
 */
import { buildCommandPayloads, validateCommandPayloads } from "../adapters/discord/buildCommandPayloads.js";
import { registerCommands } from "../adapters/discord/registerCommands.js";
import { registerTelegram } from "../adapters/telegram/registerTelegram.js";
import { loadCatalog } from "../commands/loadCatalog.js";
import { ConfigError } from "../config/ConfigError.js";
import { readConfig } from "../config/readConfig.js";
import { runCli } from "./runCli.js";

/** What Discord's refusal means for the operator, in a sentence; other failures keep their own message. */
function discordRefusal(error: unknown): string {
  const status = typeof error === "object" && error !== null && "status" in error ? Number(error.status) : undefined;
  switch (status) {
    case 401:
      return "Discord refused the bot token (401 Unauthorized): DISCORD_TOKEN is wrong or was reset; copy it again from the Developer Portal (Bot → Reset Token).";
    case 403:
      return "Discord refused to register the commands (403 Forbidden): check that DISCORD_CLIENT_ID is this bot's application ID, and that the bot is in DISCORD_GUILD_ID's server with the applications.commands scope.";
    case 404:
      return "Discord does not know this application or server (404 Not Found): check DISCORD_CLIENT_ID and DISCORD_GUILD_ID.";
    default:
      return `could not register the Discord commands: ${error instanceof Error ? error.message : String(error)}`;
  }
}

await runCli(async () => {
  const config = readConfig();
  if (!config.discord && !config.telegram) {
    throw new ConfigError("DISCORD_TOKEN", "DISCORD_TOKEN and DISCORD_CLIENT_ID (or TELEGRAM_BOT_TOKEN) must be set to register commands (see .env.example).");
  }
  const catalog = await loadCatalog(config.commandsDir);
  if (config.discord) {
    const payloads = buildCommandPayloads(catalog);
    const problems = validateCommandPayloads(payloads);
    if (problems.length > 0) {
      console.error(`error: the command catalog breaks Discord's rules:\n  ${problems.join("\n  ")}`);
      return 1;
    }
    const where = await registerCommands(config.discord, payloads).catch((error: unknown) => {
      throw new Error(discordRefusal(error), { cause: error });
    });
    console.log(`Registered ${payloads.length} commands in ${where}.`);
  }
  if (config.telegram) {
    for (const line of await registerTelegram(config.telegram, catalog)) console.log(line);
  }
  return 0;
});
