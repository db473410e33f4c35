import { InteractionResponseType, InteractionType, MessageFlags, type APIInteraction, type APIInteractionResponse } from "discord.js";
import { APOLOGY } from "../../render/wording.js";

/**
 * The Discord adapter's one answer to an interaction it failed to answer:
 * the apology, privately, pinging nobody; for autocompletion, which cannot
 * show text, no suggestions.
 */
export function discordApology(interaction: Pick<APIInteraction, "type">): APIInteractionResponse {
  return interaction.type === InteractionType.ApplicationCommandAutocomplete
    ? { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }
    : {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: APOLOGY, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
      };
}
