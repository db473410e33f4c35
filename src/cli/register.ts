/**
 * Registers the command catalog with Discord: `npm run register`.
 * Guild commands when DISCORD_GUILD_ID is set (instant), else global ones.
 */
import { buildCommandPayloads, validateCommandPayloads } from "../adapters/discord/buildCommandPayloads.js";
import { registerCommands } from "../adapters/discord/registerCommands.js";
import { loadCatalog } from "../commands/loadCatalog.js";
import { ConfigError } from "../config/ConfigError.js";
import { readConfig } from "../config/readConfig.js";
import { runCli } from "./runCli.js";

await runCli(async () => {
  const config = readConfig();
  if (!config.discord) throw new ConfigError("DISCORD_TOKEN", "DISCORD_TOKEN and DISCORD_CLIENT_ID must be set to register commands (see .env.example).");
  const payloads = buildCommandPayloads(await loadCatalog(config.commandsDir));
  const problems = validateCommandPayloads(payloads);
  if (problems.length > 0) {
    console.error(`error: the command catalog breaks Discord's rules:\n  ${problems.join("\n  ")}`);
    return 1;
  }
  const where = await registerCommands(config.discord, payloads);
  console.log(`Registered ${payloads.length} commands in ${where}.`);
  return 0;
});
