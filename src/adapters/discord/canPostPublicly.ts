import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";

/**
 * Whether the user may post a summary in the channel: Manage Messages in a
 * server. Checked at run time although the command's default permissions say
 * the same, because server admins can change those defaults.
 */
export function canPostPublicly(interaction: ChatInputCommandInteraction): boolean {
  return interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true;
}
