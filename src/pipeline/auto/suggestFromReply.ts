import { taughtTextRefusal } from "../../usecases/teach.js";
import type { Turn } from "../Pipeline.js";
import { answeredQuestion } from "./answeredQuestion.js";
import { suggestionItem } from "../../usecases/suggestions.js";
import type { ChannelMessage, Reply } from "../types.js";

/** Fewer words than this is an acknowledgement ("yes", "see above"), not an answer worth teaching. */
const MIN_ANSWER_WORDS = 3;

/**
 * A moderator's (or trusted member's) reply to a waiting question, or to a
 * question the bot answered, kept as a suggested answer to that question.
 * Resolves to the prompt for its author ("Teach this as the answer to …?")
 * when they may teach it themselves, else to nothing: moderators find it
 * under `/gaps` and on the web page. Nothing is taught here: only a
 * moderator's click on ✅ Teach does that (usecases/suggestions.ts).
 */
export async function suggestFromReply(turn: Turn, text: string, message: ChannelMessage, authorModerates: boolean): Promise<Reply | undefined> {
  const { request, deps, service } = turn;
  const store = deps.store;
  if (!store) return undefined;
  const answer = text.trim();
  // A question back ("which briefing?") or a word of acknowledgement answers nothing.
  if (answer.endsWith("?") || answer.split(/\s+/).length < MIN_ANSWER_WORDS || service.read(answer).chatter === undefined) return undefined;
  const waiting = await store.learning.findWaiting(message.repliesTo, { community: request.community.key });
  const question = waiting?.question ?? (await answeredQuestion(store, message.followUp));
  if (question === undefined || taughtTextRefusal(question, answer) !== undefined) return undefined;
  const suggestion = await store.learning.addSuggestion({
    replyKey: message.key,
    community: request.community.key,
    platform: request.platform,
    question,
    answer,
    authorName: request.user.displayName,
    authorHash: store.hashUser(request.platform, request.user.id),
    authorModerator: authorModerates,
    link: message.link,
    ...(waiting ? { waitingKey: waiting.messageKey } : {}),
  });
  if (!suggestion || !authorModerates) return undefined;
  return { kind: "suggestion", suggestion: suggestionItem(suggestion) };
}
