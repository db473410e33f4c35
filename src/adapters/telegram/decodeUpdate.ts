import type { Context } from "grammy";
import type { CommandCatalog } from "../../commands/types.js";
import type { Intent, RepliedMessage, Request } from "../../pipeline/types.js";
import { decodeCallbackData, decodeStartPayload } from "../../render/codecs/telegramData.js";
import { isChatAdmin } from "./isChatAdmin.js";
import { mentionedQuestion } from "./mentionedQuestion.js";

/** How a message of the bot's is named in the store (see `Pipeline.noteSent`). */
export const telegramMessageKey = (chatId: number, messageId: number) => `telegram:${chatId}:${messageId}`;

/**
 * What the message replied to holds: its text, and the answer it is when it
 * is one of the bot's (read from its vote buttons, which Telegram sends back
 * with the replied message; a refusal has none, so its key is given for the
 * pipeline to look up).
 */
function repliedMessage(ctx: Context): RepliedMessage | undefined {
  const replied = ctx.msg?.reply_to_message;
  if (!replied || typeof replied !== "object") return undefined;
  const text = textOrUndefined(replied.text) ?? textOrUndefined(replied.caption);
  const keyboard: unknown = replied.reply_markup?.inline_keyboard;
  const fromButtons = (Array.isArray(keyboard) ? (keyboard as unknown[]).flat() : [])
    .map((button) => (isRecord(button) && typeof button.callback_data === "string" ? decodeCallbackData(button.callback_data)?.answerId : undefined))
    .find((id) => id !== undefined);
  const fromBot = isRecord(replied.from) && replied.from.id === ctx.me.id && isRecord(replied.chat);
  return {
    ...(text !== undefined ? { text } : {}),
    ...(fromButtons !== undefined ? { answerId: fromButtons } : {}),
    ...(fromBot ? { messageKey: telegramMessageKey(replied.chat.id, replied.message_id) } : {}),
  };
}

/** The command in a message (`/name@bot args`), when it is one and it is for this bot. */
function commandIn(ctx: Context, text: string, catalog: CommandCatalog): Intent | "not-for-us" | undefined {
  const match = /^\/([^\s@]*)(?:@(\S+))?\s*([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  // In a group, only commands addressed to this bot (or to no bot in particular) are ours.
  const addressee = match[2]?.toLowerCase();
  if (addressee !== undefined && addressee !== ctx.me.username.toLowerCase()) return "not-for-us";
  const name = (match[1] ?? "").toLowerCase();
  const argument = match[3] ?? "";
  if (name === "start" && !catalog.find("start")) {
    const summary = catalog.commands.find((command) => command.kind === "summary" && !command.public) ?? catalog.ofKind("summary");
    const asked = decodeStartPayload(argument);
    if (summary && ctx.chat?.type === "private" && asked) return { kind: "command", command: summary, text: asked.section };
    const help = catalog.ofKind("help");
    return help ? { kind: "command", command: help, text: "" } : { kind: "unknown-command", name };
  }
  const command = catalog.find(name) ?? (name === "help" ? catalog.ofKind("help") : undefined);
  if (!command) {
    // A bare unknown command in a group may be for another bot; answer only when addressed.
    if (ctx.chat?.type !== "private" && addressee === undefined) return "not-for-us";
    return { kind: "unknown-command", name };
  }
  return { kind: "command", command, text: argument };
}

/*
 * Telegram's updates follow its schema, but the webhook takes JSON from the
 * network: fields the decoder reads are checked for their type, so a
 * malformed update is ignored (or "unsupported") rather than an exception.
 */
function textOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function intentOf(ctx: Context, catalog: CommandCatalog): Intent | undefined {
  const data = ctx.callbackQuery ? textOrUndefined(ctx.callbackQuery.data) : undefined;
  if (data !== undefined) {
    const vote = decodeCallbackData(data);
    return vote ? { kind: "vote", answerId: vote.answerId, value: vote.value } : { kind: "unsupported", what: "stale-interaction" };
  }
  if (ctx.inlineQuery) return typeof ctx.inlineQuery.query === "string" ? { kind: "question", text: ctx.inlineQuery.query, preview: true } : undefined;
  const message = ctx.msg;
  if (!isRecord(message)) return undefined;
  const text = textOrUndefined(message.text);
  if (text === undefined) return ctx.chat?.type === "private" ? { kind: "unsupported", what: "non-text" } : undefined;
  const command = commandIn(ctx, text, catalog);
  if (command === "not-for-us") return undefined;
  if (command) return command;
  if (ctx.chat?.type === "private") return { kind: "question", text };
  // In groups the bot only speaks when spoken to: a command or a mention.
  const question = mentionedQuestion(ctx);
  if (question === undefined) return undefined;
  return question === "" ? { kind: "unsupported", what: "mention-hint" } : { kind: "question", text: question };
}

/**
 * Decodes a grammY update into a pipeline request, or `undefined` for
 * updates that are not for the bot (group chatter, commands for other bots).
 */
export function decodeUpdate(ctx: Context, catalog: CommandCatalog): Request | undefined {
  const intent = intentOf(ctx, catalog);
  if (!intent) return undefined;
  const from = ctx.from;
  const chat = ctx.chat;
  const replyTo = repliedMessage(ctx);
  return {
    platform: "telegram",
    // Update ids count per bot, so the bot's id keeps two bots sharing a database apart.
    deliveryId: `${ctx.me.id}:${ctx.update.update_id}`,
    user: {
      id: String(from?.id ?? chat?.id ?? 0),
      displayName: [from?.first_name, from?.last_name].filter(Boolean).join(" ") || from?.username || "a moderator",
    },
    // Inline queries and callbacks from an inline message have no chat: they concern the person alone.
    chat: { id: String(chat?.id ?? from?.id ?? 0), private: chat === undefined || chat.type === "private" },
    community:
      chat === undefined || chat.type === "private"
        ? { key: "telegram:private", platform: "telegram" }
        : { key: `telegram:${chat.id}`, platform: "telegram", ...(chat.title ? { name: chat.title } : {}) },
    intent,
    ...(replyTo ? { replyTo } : {}),
    isModerator: () => isChatAdmin(ctx),
  };
}
