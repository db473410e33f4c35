import type { Context } from "grammy";
import type { MessageEntity } from "grammy/types";

/**
 * The question in a group message that mentions the bot (`@cited_bot what is
 * the ISF?`), without the mention; undefined when the message does not
 * mention the bot. Groups with privacy mode on still deliver such messages,
 * so this is how people ask in a group without a command.
 */
export function mentionedQuestion(ctx: Context): string | undefined {
  const text = ctx.msg?.text;
  const username = ctx.me.username.toLowerCase();
  if (typeof text !== "string") return undefined;
  const entities: unknown = ctx.msg?.entities;
  // Only entities that lie within the text count: a malformed update's offsets must not cut it apart.
  const mentions = (Array.isArray(entities) ? (entities as MessageEntity[]) : []).filter(
    (entity) =>
      typeof entity === "object" &&
      entity !== null &&
      entity.type === "mention" &&
      Number.isInteger(entity.offset) &&
      Number.isInteger(entity.length) &&
      entity.offset >= 0 &&
      entity.length > 0 &&
      entity.offset + entity.length <= text.length &&
      text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === username,
  );
  if (mentions.length === 0) return undefined;
  let question = text;
  // Cut from the end so earlier offsets stay valid.
  for (const entity of [...mentions].sort((a, b) => b.offset - a.offset)) {
    question = `${question.slice(0, entity.offset)} ${question.slice(entity.offset + entity.length)}`;
  }
  return question.replace(/\s+/g, " ").trim();
}
