import { PermissionFlagsBits, type Interaction, type Message } from "discord.js";
import type { CommandCatalog } from "../../commands/types.js";
import type { Intent, RepliedMessage, Request } from "../../pipeline/types.js";
import { CONTEXT_MENU_NAME, TEACH_MENU_NAME } from "./buildCommandPayloads.js";

const VOTE_ID = /^vote:([\w-]{1,40}):(up|down)$/;
const PIN_ID = /^pin:([\w-]{1,40})$/;
const TEACH_ID = /^teach(?::([\w-]{1,40}))?$/;

export interface ModeratorPolicy {
  /** Role ids whose members moderate, besides members with Manage Messages. */
  readonly roles?: readonly string[];
}

/** The answer a message of the bot carries, read from its vote buttons. */
export function answerIdOf(message: Message): string | undefined {
  for (const row of message.components) {
    if (!("components" in row)) continue;
    for (const component of row.components) {
      const id = "customId" in component ? component.customId : null;
      const match = id ? VOTE_ID.exec(id) : null;
      if (match) return match[1];
    }
  }
  return undefined;
}

/**
 * The question a message asks: its text, or, for one of the bot's answers
 * or refusals, the question in its embed's title.
 */
export function questionOf(message: Message): string {
  if (message.author.id === message.client.user.id) return message.embeds[0]?.title ?? message.content;
  return message.content;
}

function intentOf(interaction: Interaction, catalog: CommandCatalog): { intent: Intent; replyTo?: RepliedMessage } | undefined {
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true);
    return { intent: { kind: "suggest", option: focused.name, typed: String(focused.value) } };
  }
  if (interaction.isChatInputCommand()) {
    const command = catalog.find(interaction.commandName);
    if (!command) return { intent: { kind: "unsupported", what: "stale-interaction" } };
    const options: Record<string, string> = {};
    for (const option of interaction.options.data) if (option.value !== undefined) options[option.name] = String(option.value);
    return { intent: { kind: "command", command, text: "", options } };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const target = interaction.targetMessage;
    const answerId = answerIdOf(target);
    const replyTo: RepliedMessage = { text: questionOf(target), ...(answerId ? { answerId } : {}) };
    if (interaction.commandName === TEACH_MENU_NAME) {
      const teach = catalog.ofKind("teach");
      return teach ? { intent: { kind: "command", command: teach, text: "" }, replyTo } : { intent: { kind: "unsupported", what: "stale-interaction" } };
    }
    if (interaction.commandName !== CONTEXT_MENU_NAME) return { intent: { kind: "unsupported", what: "stale-interaction" } };
    const text = target.content;
    if (text.trim() === "") return { intent: { kind: "unsupported", what: "no-message-text" } };
    return { intent: { kind: "question", text, via: "context-menu" } };
  }
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    const vote = VOTE_ID.exec(interaction.customId);
    if (vote && interaction.isButton()) return { intent: { kind: "vote", answerId: vote[1] ?? "", value: vote[2] === "up" ? 1 : -1 } };
    const pin = PIN_ID.exec(interaction.customId);
    const pinCommand = catalog.ofKind("pin");
    if (pin && pinCommand) {
      const choice = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
      return { intent: { kind: "command", command: pinCommand, text: "", ...(choice ? { options: { choice } } : {}) }, replyTo: { answerId: pin[1] ?? "" } };
    }
    return { intent: { kind: "unsupported", what: "stale-interaction" } };
  }
  if (interaction.isModalSubmit()) {
    const teach = TEACH_ID.exec(interaction.customId);
    const command = catalog.ofKind("teach");
    if (!teach || !command) return { intent: { kind: "unsupported", what: "stale-interaction" } };
    const field = (name: string) => interaction.fields.fields.get(name)?.type === 4 ? interaction.fields.getTextInputValue(name) : "";
    const options = { question: field("question"), answer: field("answer") };
    return { intent: { kind: "command", command, text: "", options }, ...(teach[1] ? { replyTo: { answerId: teach[1] } } : {}) };
  }
  // A command left over from an older registration, a user context menu…
  return interaction.isRepliable() ? { intent: { kind: "unsupported", what: "stale-interaction" } } : undefined;
}

/**
 * Decodes a Discord interaction into a pipeline request. A moderator is a
 * member with Manage Messages in the channel, or with a role the operator
 * named; outside servers nobody moderates.
 */
export function decodeInteraction(interaction: Interaction, catalog: CommandCatalog, policy: ModeratorPolicy = {}): Request | undefined {
  const decoded = intentOf(interaction, catalog);
  if (!decoded) return undefined;
  const { user } = interaction;
  const roles = policy.roles ?? [];
  return {
    platform: "discord",
    deliveryId: interaction.id,
    user: { id: user.id, displayName: interaction.inCachedGuild() ? interaction.member.displayName : (user.globalName ?? user.username) },
    chat: { id: interaction.channelId ?? user.id, private: !interaction.inGuild() },
    intent: decoded.intent,
    ...(decoded.replyTo ? { replyTo: decoded.replyTo } : {}),
    isModerator: async () => {
      if (!interaction.inGuild()) return false;
      if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true) return true;
      const memberRoles = interaction.member.roles;
      const ids: readonly string[] = Array.isArray(memberRoles) ? memberRoles : [...memberRoles.cache.keys()];
      return roles.some((role) => ids.includes(role));
    },
  };
}
