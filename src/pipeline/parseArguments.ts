import { isModeratorKind, type CommandDefinition } from "../commands/types.js";
import type { Intent, RepliedMessage } from "./types.js";

/** Longest answer a moderator may teach, in characters: a chat message, not a document. */
export { MAX_TAUGHT_LENGTH } from "../usecases/taughtLimits.js";

/** Default window of `/gaps`, in days. */
export const DEFAULT_GAP_DAYS = 7;

/** Default window of `/whatsnew`, in days: a week of news, as `/gaps` looks back. */
export const DEFAULT_WHATSNEW_DAYS = 7;

/** A command's arguments, read the same way whatever the platform sent. */
export type Arguments =
  | { readonly kind: "ask"; readonly question: string }
  | { readonly kind: "summary"; readonly section?: string }
  | { readonly kind: "gaps"; readonly days: number }
  | { readonly kind: "timeline"; readonly topic: string }
  | { readonly kind: "whatsnew"; readonly days: number }
  | { readonly kind: "teach"; readonly question: string; readonly answer: string }
  | { readonly kind: "untaught"; readonly id: string }
  | { readonly kind: "pin"; readonly n?: number }
  | { readonly kind: "none" };

type CommandIntent = Extract<Intent, { kind: "command" }>;

/**
 * The one parser of command arguments. Platforms deliver them two ways:
 * named options (Discord slash commands and modals) or one line of text
 * after the command (Telegram, the console); a reply adds the replied-to
 * message. Every command kind reads both.
 */
export function parseArguments(intent: CommandIntent, replyTo?: RepliedMessage): Arguments {
  const { command, options = {} } = intent;
  const text = intent.text.trim();
  const option = (name: string) => options[name]?.trim() ?? "";
  switch (command.kind) {
    case "ask":
      // "/ask" sent as a reply asks about the message replied to.
      return { kind: "ask", question: option("question") || text || replyTo?.text?.trim() || "" };
    case "summary": {
      const section = option("section") || text;
      return section === "" ? { kind: "summary" } : { kind: "summary", section };
    }
    case "gaps": {
      return { kind: "gaps", days: daysArgument(option("days") || text, DEFAULT_GAP_DAYS) };
    }
    case "timeline":
      return { kind: "timeline", topic: option("topic") || text || replyTo?.text?.trim() || "" };
    case "whatsnew":
      return { kind: "whatsnew", days: daysArgument(option("days") || text, DEFAULT_WHATSNEW_DAYS) };
    case "teach":
      return { kind: "teach", ...teachArguments(option("question"), option("answer"), text, replyTo) };
    case "untaught":
      return { kind: "untaught", id: (option("id") || text).replace(/^#/, "") };
    case "pin": {
      const n = Number.parseInt(option("choice") || text, 10);
      return Number.isInteger(n) && n > 0 ? { kind: "pin", n } : { kind: "pin" };
    }
    default:
      return { kind: "none" };
  }
}

/** A window in days: a positive whole number up to a year, else the default. */
function daysArgument(text: string, fallback: number): number {
  const days = Number.parseInt(text, 10);
  return Number.isFinite(days) && days > 0 ? Math.min(days, 365) : fallback;
}

/**
 * `/teach question | answer` (one line), `/teach answer` as a reply to the
 * question, or named question and answer fields (a Discord modal).
 */
function teachArguments(question: string, answer: string, text: string, replyTo?: RepliedMessage): { question: string; answer: string } {
  if (question !== "" || answer !== "") return { question, answer };
  const bar = text.indexOf("|");
  if (bar !== -1 && replyTo?.text === undefined) return { question: text.slice(0, bar).trim(), answer: text.slice(bar + 1).trim() };
  // Replying to one of the bot's own messages: its question is found from the answer it carried,
  // never taken from its text (a refusal's wording is not the question).
  if (replyTo?.answerId !== undefined || replyTo?.messageKey !== undefined) return { question: "", answer: text };
  return { question: replyTo?.text?.trim() ?? "", answer: text };
}

/** Whether a command is only for moderators: the moderators' commands, and posting a summary or what's new publicly. */
export function needsModerator(command: CommandDefinition): boolean {
  return isModeratorKind(command.kind) || command.public === true;
}
