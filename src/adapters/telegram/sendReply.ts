import type { Context } from "grammy";
import type { TelegramMessage } from "../../render/telegram.js";

/**
 * Sends a rendered reply: threaded to the person's message (still sent if
 * that message was deleted meanwhile), or to the person privately when the
 * reply concerns them alone; if they never started a private chat with the
 * bot, it goes to the chat after all. Returns the id of the last message sent.
 */
export async function sendReply(ctx: Context, message: TelegramMessage): Promise<number | undefined> {
  const messageId = ctx.msg?.message_id;
  const options = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
  if (message.private && ctx.from) {
    try {
      let last: number | undefined;
      for (const [i, text] of message.messages.entries()) {
        const markup = i === message.messages.length - 1 && message.replyMarkup ? { reply_markup: message.replyMarkup } : {};
        last = (await ctx.api.sendMessage(ctx.from.id, text, { ...options, ...markup })).message_id;
      }
      return last;
    } catch {
      // 403: the person has not started a private chat; answer where they asked.
    }
  }
  let last: number | undefined;
  const texts = message.private && message.fallback ? message.fallback : message.messages;
  for (const [i, text] of texts.entries()) {
    const markup = i === texts.length - 1 && message.replyMarkup ? { reply_markup: message.replyMarkup } : {};
    const sent = await ctx.reply(text, {
      ...options,
      ...markup,
      ...(messageId !== undefined ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {}),
    });
    last = sent.message_id;
  }
  return last;
}
