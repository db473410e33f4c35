import {
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIMessage,
} from "discord.js";
import type { CommandCatalog } from "../../commands/types.js";
import type { Intent, RepliedMessage, Request } from "../../pipeline/types.js";
import { decodeDiscordCustomId } from "../../render/codecs/discordIds.js";
import { CONTEXT_MENU_NAME, TEACH_MENU_NAME } from "./buildCommandPayloads.js";

export interface ModeratorPolicy {
  /** Role ids whose members moderate, besides members with Manage Messages. */
  readonly roles?: readonly string[];
  /**
   * Role ids whose members' replies to questions are offered as answers, like
   * a moderator's (`DISCORD_TRUSTED_ROLES`); only moderators teach them.
   */
  readonly trustedRoles?: readonly string[];
}

/** The answer one of the bot's messages carries, read from its vote buttons. */
export function answerIdOf(message: APIMessage): string | undefined {
  for (const row of message.components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      const id = "custom_id" in component ? decodeDiscordCustomId(component.custom_id) : undefined;
      if (id?.kind === "vote") return id.answerId;
    }
  }
  return undefined;
}

/** Markdown's backslash escapes undone, as Discord shows the text: the bot escapes the question it puts in a title. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** The question a message asks: its text, or for one of the bot's answers, the question in its embed's title. */
function questionOf(message: APIMessage, applicationId: string): string {
  const title = message.author.id === applicationId ? message.embeds[0]?.title : undefined;
  return title !== undefined ? unescapeMarkdown(title) : message.content;
}

/** Slash-command options by name, sub-commands flattened, values as text. */
function optionValues(options: readonly APIApplicationCommandInteractionDataOption[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const option of options) {
    if ("options" in option && option.options) Object.assign(values, optionValues(option.options));
    else if ("value" in option && option.value !== undefined) values[option.name] = String(option.value);
  }
  return values;
}

interface Decoded {
  readonly intent: Intent;
  readonly replyTo?: RepliedMessage;
}

const stale: Decoded = { intent: { kind: "unsupported", what: "stale-interaction" } };

function decode(interaction: APIInteraction, catalog: CommandCatalog): Decoded | undefined {
  switch (interaction.type) {
    case InteractionType.ApplicationCommandAutocomplete: {
      const options = interaction.data.options ?? [];
      const flat = options.flatMap((option) => ("options" in option && option.options ? option.options : [option]));
      const focused = flat.find((option) => "focused" in option && option.focused);
      return { intent: { kind: "suggest", option: focused?.name ?? "", typed: focused && "value" in focused ? String(focused.value) : "" } };
    }
    case InteractionType.ApplicationCommand: {
      const { data } = interaction;
      if (data.type === ApplicationCommandType.ChatInput) {
        const command = catalog.find(data.name);
        return command ? { intent: { kind: "command", command, text: "", options: optionValues(data.options) } } : stale;
      }
      if (data.type === ApplicationCommandType.Message) {
        const target = data.resolved.messages[data.target_id];
        if (!target) return stale;
        const answerId = answerIdOf(target);
        const replyTo: RepliedMessage = { text: questionOf(target, interaction.application_id), ...(answerId ? { answerId } : {}) };
        if (data.name === TEACH_MENU_NAME) {
          const teach = catalog.ofKind("teach");
          return teach ? { intent: { kind: "command", command: teach, text: "" }, replyTo } : stale;
        }
        if (data.name !== CONTEXT_MENU_NAME) return stale;
        if (target.content.trim() === "") return { intent: { kind: "unsupported", what: "no-message-text" } };
        return { intent: { kind: "question", text: target.content, refusalPrivate: true } };
      }
      return stale;
    }
    case InteractionType.MessageComponent: {
      const id = decodeDiscordCustomId(interaction.data.custom_id);
      if (id?.kind === "vote" && interaction.data.component_type === ComponentType.Button)
        return { intent: { kind: "vote", answerId: id.answerId, value: id.value } };
      if (id?.kind === "dismiss" && interaction.data.component_type === ComponentType.Button) return { intent: { kind: "dismiss", answerId: id.answerId } };
      if (id?.kind === "suggestion" && interaction.data.component_type === ComponentType.Button)
        return { intent: { kind: "suggestion", suggestionId: id.suggestionId, decision: id.decision } };
      const pinCommand = catalog.ofKind("pin");
      if (id?.kind !== "pin" || !pinCommand) return stale;
      const choice = interaction.data.component_type === ComponentType.StringSelect ? interaction.data.values[0] : undefined;
      return { intent: { kind: "command", command: pinCommand, text: "", ...(choice ? { options: { choice } } : {}) }, replyTo: { answerId: id.answerId } };
    }
    case InteractionType.ModalSubmit: {
      const teach = decodeDiscordCustomId(interaction.data.custom_id);
      const command = catalog.ofKind("teach");
      if (teach?.kind !== "teach" || !command) return stale;
      const fields: Record<string, string> = {};
      for (const row of interaction.data.components) {
        const inputs = "components" in row ? row.components : "component" in row ? [row.component] : [];
        for (const input of inputs) if (input && "custom_id" in input && "value" in input) fields[input.custom_id] = String(input.value);
      }
      return {
        intent: { kind: "command", command, text: "", options: { question: fields.question ?? "", answer: fields.answer ?? "" } },
        ...(teach.answerId ? { replyTo: { answerId: teach.answerId } } : {}),
      };
    }
    default:
      return undefined;
  }
}

/**
 * Decodes a Discord interaction, as the API sends it (over the gateway or as
 * an HTTP POST), into a pipeline request. A moderator is a member with Manage
 * Messages in the channel, or with a role the operator named; outside
 * servers nobody moderates.
 */
export function decodeInteraction(interaction: APIInteraction, catalog: CommandCatalog, policy: ModeratorPolicy = {}): Request | undefined {
  const decoded = safely(() => decode(interaction, catalog), stale);
  if (!decoded) return undefined;
  const member = isRecord(interaction.member) ? interaction.member : undefined;
  const user = [member?.user, interaction.user].find(isRecord);
  const roles = policy.roles ?? [];
  return {
    platform: "discord",
    deliveryId: String(interaction.id),
    user: {
      id: String(user?.id ?? "0"),
      displayName: [member?.nick, user?.global_name, user?.username].find((name) => typeof name === "string" && name !== "") ?? "a moderator",
    },
    chat: { id: String((isRecord(interaction.channel) ? interaction.channel.id : undefined) ?? user?.id ?? "0"), private: interaction.guild_id === undefined },
    community:
      interaction.guild_id === undefined ? { key: "discord:dm", platform: "discord" } : { key: `discord:${interaction.guild_id}`, platform: "discord" },
    intent: decoded.intent,
    ...(decoded.replyTo ? { replyTo: decoded.replyTo } : {}),
    isModerator: async () => {
      if (interaction.guild_id === undefined || !member) return false;
      if (safely(() => (BigInt(member.permissions) & PermissionFlagsBits.ManageMessages) !== 0n, false)) return true;
      return Array.isArray(member.roles) && roles.some((role) => member.roles.includes(role));
    },
  };
}

function isRecord<T>(value: T | null | undefined): value is T & object {
  return typeof value === "object" && value !== null;
}

/**
 * Discord sends interactions that follow its schema; the HTTP endpoint takes
 * any signed JSON, so one with fields missing or of the wrong type is taken
 * as an interaction the bot cannot handle (`fallback`), not an exception.
 */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TypeError || error instanceof SyntaxError || error instanceof RangeError) return fallback;
    throw error;
  }
}
