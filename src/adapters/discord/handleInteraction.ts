import { ComponentType, MessageFlags, TextInputStyle, type Interaction, type ModalComponentData } from "discord.js";
import { truncate } from "../../render/html.js";
import { renderDiscordReply } from "../../render/discord.js";
import type { RepliedMessage } from "../../pipeline/types.js";
import { MAX_TAUGHT_LENGTH } from "../../pipeline/parseArguments.js";
import type { AdapterContext } from "../types.js";
import { CONTEXT_MENU_NAME, TEACH_MENU_NAME } from "./buildCommandPayloads.js";
import { decodeInteraction, type ModeratorPolicy } from "./decodeInteraction.js";

/** Nothing the bot sends may ping anyone, whatever text it echoes. */
const NO_MENTIONS = { parse: [] } as const;

/** The "Teach Cited" form: the question (filled in from the message) and the answer. */
function teachModal(replyTo: RepliedMessage | undefined): ModalComponentData {
  return {
    customId: replyTo?.answerId ? `teach:${replyTo.answerId}` : "teach",
    title: "Teach Cited an answer",
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, customId: "question", label: "Question", style: TextInputStyle.Short, required: true, maxLength: 1000, value: truncate(replyTo?.text ?? "", 1000) }],
      },
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, customId: "answer", label: "Answer (cited as yours)", style: TextInputStyle.Paragraph, required: true, maxLength: MAX_TAUGHT_LENGTH }],
      },
    ],
  };
}

/**
 * Handles one interaction: decode it into a request, let the pipeline
 * answer, render the reply, send it. Answering is synchronous and bounded,
 * so replies are sent at once, inside Discord's 3-second window.
 * Never throws: failures are logged and the user gets a short ephemeral note.
 */
export async function handleInteraction(interaction: Interaction, context: AdapterContext, policy: ModeratorPolicy = {}): Promise<void> {
  const { pipeline, catalog, logger } = context;
  try {
    const request = decodeInteraction(interaction, catalog, policy);
    if (!request) return;
    if (interaction.isMessageContextMenuCommand() && interaction.commandName === TEACH_MENU_NAME && (await request.isModerator())) {
      await interaction.showModal(teachModal(request.replyTo));
      return;
    }
    const reply = await pipeline.handle(request);
    if (interaction.isAutocomplete()) {
      const choices = reply.kind === "suggestions" ? reply.choices : [];
      // Discord rejects the whole response if any choice is empty or too long.
      await interaction.respond(
        choices
          .map((choice) => ({ name: truncate(choice.name, 100), value: choice.value.slice(0, 100) }))
          .filter((choice) => choice.name !== "" && choice.value !== "")
          .slice(0, 25),
      );
      return;
    }
    if (!interaction.isRepliable()) return;
    const message = renderDiscordReply(reply, CONTEXT_MENU_NAME);
    // Nothing to say (a redelivery another replica answered, a flooder after their notice).
    if (!message) return;
    await interaction.reply({
      ...(message.content !== undefined ? { content: message.content } : {}),
      ...(message.embeds ? { embeds: message.embeds } : {}),
      ...(message.components ? { components: message.components } : {}),
      allowedMentions: NO_MENTIONS,
      ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
  } catch (error) {
    logger.error({ err: error, interaction: interaction.id }, "discord: failed to handle an interaction");
    if (interaction.isAutocomplete() && !interaction.responded) {
      await interaction.respond([]).catch(() => undefined);
    } else if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
      await interaction
        .reply({ content: "Sorry, something went wrong answering that. Please try again.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
        .catch(() => undefined);
    }
  }
}
