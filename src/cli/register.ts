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
    const where = await registerCommands(config.discord, payloads);
    console.log(`Registered ${payloads.length} commands in ${where}.`);
  }
  if (config.telegram) {
    for (const line of await registerTelegram(config.telegram, catalog)) console.log(line);
  }
  return 0;
});
