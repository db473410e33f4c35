import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { DiscordConfig } from "../../config/readConfig.js";

/**
 * Replaces the application's commands with `payloads`: in one guild when
 * `guildId` is set (visible at once, for testing), else globally.
 *
 * @returns where they were registered, for the operator
 */
export async function registerCommands(config: DiscordConfig, payloads: readonly RESTPostAPIApplicationCommandsJSONBody[]): Promise<string> {
  const rest = new REST({ version: "10", ...(config.apiRoot ? { api: config.apiRoot } : {}) }).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  await rest.put(route, { body: payloads });
  return config.guildId ? `guild ${config.guildId}` : "all servers (global commands can take up to an hour to appear)";
}
