import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandCatalog, CommandDefinition } from "../../commands/types.js";
import { DISCORD_DESCRIPTION_MAX, DISCORD_MAX_OPTIONS, DISCORD_NAME } from "../../commands/platformRules.js";

/** Name of the message context-menu command ("Apps → Ask Cited" on a message). */
export const CONTEXT_MENU_NAME = "Ask Cited";

/** Name of the moderators' context-menu command that teaches an answer to a message's question. */
export const TEACH_MENU_NAME = "Teach Cited";

/** Moderators' commands are hidden from members without Manage Messages; admins can change that per server. */
function moderators(): { default_member_permissions: string; contexts: InteractionContextType[] } {
  return { default_member_permissions: String(PermissionFlagsBits.ManageMessages), contexts: [InteractionContextType.Guild] };
}

/** The `days:` option of `/gaps` and `/whatsnew`: both look back over a window, 7 days unless given. */
const DAYS_OPTION = {
  type: ApplicationCommandOptionType.Integer,
  name: "days",
  description: "How many days back (default 7)",
  required: false,
  min_value: 1,
  max_value: 365,
} as const;

export interface PayloadOptions {
  /**
   * Longest question Discord lets a user type into `/ask`.
   * @default 1000, the answer service's own limit, so Discord refuses longer input before it is sent
   */
  readonly maxQuestionLength?: number;
}

function chatInput(command: CommandDefinition, maxQuestionLength: number): RESTPostAPIApplicationCommandsJSONBody {
  const base = { type: ApplicationCommandType.ChatInput, name: command.name, description: command.description } as const;
  switch (command.kind) {
    case "ask":
      return {
        ...base,
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "question",
            description: "Your question about the sources",
            required: true,
            max_length: maxQuestionLength,
            autocomplete: true,
          },
        ],
      };
    case "summary":
      return {
        ...base,
        options: [
          { type: ApplicationCommandOptionType.String, name: "section", description: "Summarise one section only", required: false, autocomplete: true },
        ],
        // Posting publicly is for moderators; admins can change this default per server.
        ...(command.public ? moderators() : {}),
      };
    case "gaps":
      return {
        ...base,
        ...moderators(),
        options: [DAYS_OPTION],
      };
    case "timeline":
      return {
        ...base,
        options: [
          { type: ApplicationCommandOptionType.String, name: "topic", description: "What to follow across the documents", required: true, max_length: 200 },
        ],
      };
    case "whatsnew":
      return {
        ...base,
        ...(command.public ? moderators() : {}),
        options: [DAYS_OPTION],
      };
    case "teach":
      return {
        ...base,
        ...moderators(),
        options: [
          { type: ApplicationCommandOptionType.String, name: "question", description: "The question, as people ask it", required: true, max_length: 1000 },
          { type: ApplicationCommandOptionType.String, name: "answer", description: "The answer, cited as yours", required: true, max_length: 1500 },
        ],
      };
    case "untaught":
      return {
        ...base,
        ...moderators(),
        options: [{ type: ApplicationCommandOptionType.Integer, name: "id", description: "The number /taught shows", required: true, min_value: 1 }],
      };
    case "autoanswer":
      return {
        ...base,
        ...moderators(),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "mode",
            description: "Answer questions in this channel without being asked, or stop, or list where it is on",
            required: true,
            choices: ["on", "off", "status"].map((value) => ({ name: value, value })),
          },
          {
            type: ApplicationCommandOptionType.Number,
            name: "threshold",
            description: "Least confidence to answer, 0 to 1 (default 0.45; higher answers less)",
            required: false,
            min_value: 0.05,
            max_value: 1,
          },
        ],
      };
    case "reload":
    case "taught":
    case "pin":
    case "admin":
      return { ...base, ...moderators() };
    default:
      return base;
  }
}

/** The application commands to register: the catalog plus the message context menu. */
export function buildCommandPayloads(catalog: CommandCatalog, options: PayloadOptions = {}): RESTPostAPIApplicationCommandsJSONBody[] {
  const maxQuestionLength = options.maxQuestionLength ?? 1000;
  return [
    // Quotes are pinned from the 📌 button under an answer, not by typing.
    ...catalog.commands.filter((command) => command.kind !== "pin").map((command) => chatInput(command, maxQuestionLength)),
    { type: ApplicationCommandType.Message, name: CONTEXT_MENU_NAME },
    ...(catalog.ofKind("teach") ? [{ type: ApplicationCommandType.Message as const, name: TEACH_MENU_NAME, ...moderators() }] : []),
  ];
}

/**
 * Checks payloads against Discord's registration rules and returns the
 * problems, so a bad catalog fails here with a clear message rather than as
 * an HTTP 400 from Discord.
 */
export function validateCommandPayloads(payloads: readonly RESTPostAPIApplicationCommandsJSONBody[]): string[] {
  const problems: string[] = [];
  const chatInputs = payloads.filter((payload) => (payload.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
  if (chatInputs.length > 100) problems.push(`${chatInputs.length} slash commands; Discord allows 100`);
  const seen = new Set<string>();
  for (const payload of payloads) {
    const key = `${payload.type ?? 1}:${payload.name}`;
    if (seen.has(key)) problems.push(`duplicate command "${payload.name}"`);
    seen.add(key);
    if ((payload.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput) {
      const description = "description" in payload ? (payload.description ?? "") : "";
      if (!DISCORD_NAME.test(payload.name) || payload.name !== payload.name.toLowerCase()) problems.push(`"${payload.name}": invalid slash command name`);
      if (description.length < 1 || description.length > DISCORD_DESCRIPTION_MAX) problems.push(`"${payload.name}": description must be 1–100 characters`);
      const options = "options" in payload ? (payload.options ?? []) : [];
      if (options.length > DISCORD_MAX_OPTIONS) problems.push(`"${payload.name}": more than 25 options`);
      for (const option of options) {
        if (!DISCORD_NAME.test(option.name) || option.name !== option.name.toLowerCase())
          problems.push(`"${payload.name}": invalid option name "${option.name}"`);
        if (option.description.length < 1 || option.description.length > DISCORD_DESCRIPTION_MAX)
          problems.push(`"${payload.name}": option "${option.name}" description must be 1–100 characters`);
      }
    } else if (payload.name.length < 1 || payload.name.length > 32) {
      problems.push(`"${payload.name}": context menu names are 1–32 characters`);
    }
  }
  return problems;
}
