import type { Context } from "grammy";
import { packMessages } from "../../render/telegram.js";

/**
 * Replies with rendered HTML blocks, split into as many messages as
 * Telegram's 4,096-character limit needs. Replies thread to the user's
 * message but still arrive if that message was deleted meanwhile.
 */
export async function replyHtml(ctx: Context, blocks: readonly string[]): Promise<void> {
  const messageId = ctx.msg?.message_id;
  for (const text of packMessages(blocks)) {
    await ctx.reply(text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(messageId !== undefined ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {}),
    });
  }
}
