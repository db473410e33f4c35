import type { Context } from "grammy";
import { APOLOGY } from "../../render/wording.js";

/**
 * The Telegram adapter's one answer to an update it failed to handle: the
 * apology in reply to the message, and the button's spinner stopped for a
 * callback. Never throws: it runs in the error handler.
 */
export async function apologise(ctx: Context): Promise<void> {
  const message = ctx.msg;
  if (message) {
    await ctx.reply(APOLOGY, { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } }).catch(() => undefined);
  }
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
}
