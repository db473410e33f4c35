import type { Context } from "grammy";

/**
 * Whether the sender may post publicly in this chat: anyone in a private
 * chat; in groups, only the chat's creator and administrators, asked of
 * Telegram each time (`getChatMember`) so promotions and demotions apply at once.
 */
export async function isChatAdmin(ctx: Context): Promise<boolean> {
  if (ctx.chat?.type === "private") return true;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}
