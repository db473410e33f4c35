import {
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  TextInputStyle,
  type APIInteraction,
  type APIInteractionResponse,
  type APIModalInteractionResponseCallbackData,
} from "discord.js";
import type { RepliedMessage } from "../../pipeline/types.js";
import { MAX_TAUGHT_LENGTH } from "../../pipeline/parseArguments.js";
import { truncate } from "../../render/html.js";
import { renderDiscordReply } from "../../render/discord.js";
import type { AdapterContext } from "../types.js";
import { encodeDiscordCustomId } from "../../render/codecs/discordIds.js";
import { discordApology } from "./apology.js";
import { CONTEXT_MENU_NAME, TEACH_MENU_NAME } from "./buildCommandPayloads.js";
import { decodeInteraction, type ModeratorPolicy } from "./decodeInteraction.js";

/** Nothing the bot sends may ping anyone, whatever text it echoes. */
const NO_MENTIONS = { parse: [] };

/** The "Teach Cited" form: the question (filled in from the message) and the answer. */
function teachModal(replyTo: RepliedMessage | undefined): APIModalInteractionResponseCallbackData {
  // An empty pre-filled value is left out rather than sent as "".
  const question = truncate(replyTo?.text?.trim() ?? "", 1000);
  return {
    custom_id: encodeDiscordCustomId(replyTo?.answerId ? { kind: "teach", answerId: replyTo.answerId } : { kind: "teach" }),
    title: "Teach Cited an answer",
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: "question",
            label: "Question",
            style: TextInputStyle.Short,
            required: true,
            max_length: 1000,
            ...(question ? { value: question } : {}),
          },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: "answer",
            label: "Answer (cited as yours)",
            style: TextInputStyle.Paragraph,
            required: true,
            max_length: MAX_TAUGHT_LENGTH,
          },
        ],
      },
    ],
  };
}

/**
 * A dismissed automatic answer: deleted where the adapter can delete
 * messages (the gateway), else emptied in place by the button's own response.
 */
async function dismissed(interaction: APIInteraction, effects: InteractionEffects | undefined): Promise<APIInteractionResponse> {
  const message = interaction.type === InteractionType.MessageComponent ? interaction.message : undefined;
  if (effects && message) {
    await effects.deleteMessage(message.channel_id, message.id);
    return {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: "Answer removed.", flags: MessageFlags.Ephemeral, allowed_mentions: NO_MENTIONS },
    };
  }
  return { type: InteractionResponseType.UpdateMessage, data: { content: "Answer dismissed.", embeds: [], components: [], allowed_mentions: NO_MENTIONS } };
}

/**
 * What answering an interaction came to: the response to send, if any, and
 * when there is none, whether another replica holds it (and answers it).
 */
export interface InteractionAnswer {
  readonly response?: APIInteractionResponse;
  readonly claimedElsewhere: boolean;
}

/**
 * Answers one interaction, as the API sends it, with the response to send
 * back: decode it into a request, let the pipeline answer, render the reply.
 * The same for the gateway (the response is posted to the callback URL) and
 * for HTTP interactions (it is the HTTP response); both acknowledge first
 * (see `Acknowledger`), so a reply that is not ready at once goes out as a
 * follow-up. `undefined` when there is nothing to send (a redelivery another
 * replica answered, or nothing to say). Never throws: failures become a
 * short ephemeral note.
 */
export async function answerInteraction(
  interaction: APIInteraction,
  context: AdapterContext,
  policy: ModeratorPolicy = {},
): Promise<APIInteractionResponse | undefined> {
  return (await answerInteractionFully(interaction, context, policy)).response;
}

/** What answering may do besides responding; absent where it cannot (HTTP interactions mode). */
export interface InteractionEffects {
  /** Deletes a message (a dismissed automatic answer). */
  deleteMessage(channelId: string, messageId: string): Promise<void>;
}

/** {@link answerInteraction}, also saying whether another replica holds the interaction. */
export async function answerInteractionFully(
  interaction: APIInteraction,
  context: AdapterContext,
  policy: ModeratorPolicy = {},
  effects?: InteractionEffects,
): Promise<InteractionAnswer> {
  const response = (value: APIInteractionResponse | undefined): InteractionAnswer => ({ ...(value ? { response: value } : {}), claimedElsewhere: false });
  const { pipeline, catalog, logger } = context;
  try {
    const request = decodeInteraction(interaction, catalog, policy);
    if (!request) return response(undefined);
    const isTeachMenu = interaction.type === InteractionType.ApplicationCommand && interaction.data.name === TEACH_MENU_NAME;
    if (isTeachMenu && (await request.isModerator())) return response({ type: InteractionResponseType.Modal, data: teachModal(request.replyTo) });
    const reply = await pipeline.handle(request);
    // Discord never redelivers an interaction, so a claim won here is settled at once: it only
    // keeps two gateway replicas from both answering one event.
    const claimedElsewhere = reply.kind === "none" && (reply.why === "duplicate" || reply.why === "in-progress");
    if (claimedElsewhere) return { claimedElsewhere };
    await pipeline.settle(request);
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      const choices = reply.kind === "suggestions" ? reply.choices : [];
      // Discord rejects the whole response if any choice is empty or too long.
      const fitting = choices
        .map((choice) => ({ name: truncate(choice.name, 100), value: choice.value.slice(0, 100) }))
        .filter((choice) => choice.name !== "" && choice.value !== "")
        .slice(0, 25);
      return response({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: fitting } });
    }
    if (reply.kind === "delete-answer") return response(await dismissed(interaction, effects));
    const message = renderDiscordReply(reply, CONTEXT_MENU_NAME);
    if (!message) return response(undefined);
    return response({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        ...(message.content !== undefined ? { content: message.content } : {}),
        ...(message.embeds ? { embeds: message.embeds } : {}),
        ...(message.components ? { components: message.components } : {}),
        allowed_mentions: NO_MENTIONS,
        ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      },
    });
  } catch (error) {
    logger.error({ err: error, interaction: interaction.id }, "discord: failed to answer an interaction");
    return response(discordApology(interaction));
  }
}
