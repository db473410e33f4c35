import type { Context } from "grammy";

/**
 * Whether the sender moderates this chat: in groups, the chat's creator and
 * administrators, asked of Telegram each time (`getChatMember`) so
 * promotions and demotions apply at once. An admin posting anonymously ("as
 * the group") has the group as `sender_chat`, which only admins can do, so
 * that counts too. A private chat has nobody to moderate.
 */
export async function isChatAdmin(ctx: Context): Promise<boolean> {
  if (!ctx.chat || ctx.chat.type === "private") return false;
  if (ctx.msg?.sender_chat?.id === ctx.chat.id) return true;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}
