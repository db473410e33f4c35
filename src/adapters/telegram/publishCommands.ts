import type { Api } from "grammy";
import type { CommandCatalog } from "../../commands/types.js";
import { needsModerator } from "../../pipeline/parseArguments.js";

/**
 * Publishes the command menu: everyone sees the commands anyone may use;
 * group administrators (Telegram's `all_chat_administrators` scope) see the
 * moderators' commands as well, so the menu never offers people a command
 * that would only refuse them.
 */
export async function publishCommands(api: Api, catalog: CommandCatalog): Promise<void> {
  const menu = (commands: CommandCatalog["commands"]) => commands.map((command) => ({ command: command.telegramName, description: command.description }));
  await api.setMyCommands(menu(catalog.commands.filter((command) => !needsModerator(command))));
  await api.setMyCommands(menu(catalog.commands), { scope: { type: "all_chat_administrators" } });
}
