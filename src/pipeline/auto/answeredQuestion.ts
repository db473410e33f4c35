import type { PipelineStore } from "../ports.js";
import type { ChannelMessage } from "../types.js";

/**
 * The question the bot answered that a message follows up on (a reply to the
 * answer, a message in the thread or topic it answered in), when the store
 * still has it.
 */
export async function answeredQuestion(store: Pick<PipelineStore, "answers"> | undefined, followUp: ChannelMessage["followUp"]): Promise<string | undefined> {
  if (!store || !followUp) return undefined;
  const answerId = followUp.answerId ?? (followUp.messageKey !== undefined ? await store.answers.answerOfMessage(followUp.messageKey) : undefined);
  if (answerId === undefined) return undefined;
  return (await store.answers.get(answerId))?.question;
}
