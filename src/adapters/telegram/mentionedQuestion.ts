import type { Context } from "grammy";

/**
 * The question in a group message that mentions the bot (`@cited_bot what is
 * the ISF?`), without the mention; undefined when the message does not
 * mention the bot. Groups with privacy mode on still deliver such messages,
 * so this is how people ask in a group without a command.
 */
export function mentionedQuestion(ctx: Context): string | undefined {
  const text = ctx.msg?.text;
  const username = ctx.me.username.toLowerCase();
  if (text === undefined) return undefined;
  const mentions = (ctx.msg?.entities ?? []).filter(
    (entity) => entity.type === "mention" && text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === username,
  );
  if (mentions.length === 0) return undefined;
  let question = text;
  // Cut from the end so earlier offsets stay valid.
  for (const entity of [...mentions].sort((a, b) => b.offset - a.offset)) {
    question = `${question.slice(0, entity.offset)} ${question.slice(entity.offset + entity.length)}`;
  }
  return question.replace(/\s+/g, " ").trim();
}
