import { DEFAULT_AUTO_ANSWER_OPTIONS, judgeMessage } from "../../answer/judgeMessage.js";
import { withDefaults } from "../../withDefaults.js";
import type { Middleware, Turn } from "../Pipeline.js";
import type { ChannelMessage, Reply } from "../types.js";
import { DEFAULT_AUTO_ANSWER_LIMITS, type AutoAnswerLimits, type SkipReason } from "./defaults.js";
import { answeredQuestion } from "./answeredQuestion.js";
import { followUpText } from "./followUp.js";
import { suggestFromReply } from "./suggestFromReply.js";

export { DEFAULT_AUTO_ANSWER_LIMITS, type AutoAnswerLimits, type SkipReason } from "./defaults.js";

/**
 * Answers questions people ask in the channels where moderators turned it
 * on, without being asked: only a question to the documents (judgeMessage)
 * whose answer reaches the channel's threshold, and never a bot's, a
 * webhook's, a system message, an edit, an opted-out person's, a message a
 * person already replied to, a thread a moderator wrote in lately (see
 * {@link AutoAnswerLimits.backOffMs}), or past the channel's hourly cap. Each
 * message gets one automatic answer at most, across replicas (a claim in the
 * store). Placed after `record`, so the answer is recorded (with 👍/👎) like
 * any other; everything else passes on.
 *
 * Silence is kept useful: a question left because the bot was not confident
 * is kept as a waiting question, and a moderator's (or trusted member's)
 * reply to one, or to a question the bot answered, becomes a suggested
 * answer (see suggestFromReply.ts), which its author is asked privately to teach.
 */
export function autoAnswer(limits: AutoAnswerLimits = {}): Middleware {
  const { hourlyCap, backOffMs } = withDefaults(DEFAULT_AUTO_ANSWER_LIMITS, limits);
  return async (turn, next) => {
    const { intent } = turn.request;
    if (intent.kind !== "channel-message") return next();
    try {
      return await decide(turn, intent.text, intent.message, hourlyCap, backOffMs);
    } catch (error) {
      // Staying silent is always a fine answer to a message nobody asked the bot about.
      turn.deps.logger.warn({ err: error }, "auto-answer: could not decide on a message; leaving it");
      return { kind: "none", why: "ignored" };
    }
  };
}

const SILENT: Reply = { kind: "none", why: "ignored" };

async function decide(turn: Turn, text: string, message: ChannelMessage, hourlyCap: number, backOffMs: number): Promise<Reply> {
  const { request, deps, service } = turn;
  const repository = deps.store?.autoAnswer;
  if (!deps.store || !repository) return SILENT;
  const { community } = request;
  const setting = await repository.channel(community.key, message.channelId);
  // Not on here: a follow-up to the bot's own answer is still answered (it was spoken to).
  if (!setting && !message.followUp) return SILENT;
  const skip = (reason: SkipReason): Reply => {
    deps.metrics?.autoSkipped?.(request.platform, reason);
    return SILENT;
  };
  if (message.author !== "person" || message.edited) return skip("not-a-person");
  if (await repository.isOptedOut(deps.store.hashUser(request.platform, request.user.id))) return skip("opted-out");
  const moderates = await request.isModerator().catch(() => false);
  if (moderates || message.trusted === true) {
    // A moderator is in the conversation: the bot stays out of it for a while, and learns from what they say.
    await repository.backOff([...message.scopes, message.key], new Date(Date.now() + backOffMs));
    return (await suggestFromReply(turn, text, message, moderates)) ?? SILENT;
  }
  if (await repository.backedOff([...message.scopes])) return skip("backed-off");
  const threshold = setting?.threshold ?? DEFAULT_AUTO_ANSWER_OPTIONS.threshold;
  const previous = await answeredQuestion(deps.store, message.followUp);
  const question = previous === undefined ? text : followUpText(service, text, previous);
  const decision = judgeMessage(service, question, { threshold, botNames: request.botNames });
  if (!decision.answered) {
    if (decision.identifier === "not-a-question") return skip("not-a-question");
    await deps.store.learning.keepWaiting({
      messageKey: message.key,
      community: community.key,
      platform: request.platform,
      question: decision.question,
      link: message.link,
      keyTerms: service.keyTerms(decision.question),
      createdAt: new Date(),
    });
    return skip("not-confident");
  }
  if (message.answeredByPerson()) return skip("human-replied");
  if (!(await repository.claimMessage(message.key))) return { kind: "none", why: "duplicate" };
  if (!(await repository.countAnswer(`${community.key}:${message.channelId}`, hourlyCap))) return skip("capped");
  deps.metrics?.autoAnswered?.(request.platform);
  const answer = { question: decision.question, answered: true as const, snippets: decision.snippets, confidence: decision.confidence };
  return { kind: "answer", answer, visibility: "public", actions: [{ kind: "dismiss" }] };
}
