import type { AnswerService } from "./AnswerService.js";
import type { ReadOptions } from "./chat/readMessage.js";
import type { AnswerIdentifier, Snippet } from "./types.js";
import { withDefaults } from "../withDefaults.js";

export interface AutoAnswerOptions extends ReadOptions {
  /**
   * Least confidence for answering unasked, in a channel where the bot
   * answers on its own.
   * @default 0.45: on the chat development set (bench/chat/) it leaves every
   * chatter message and nineteen in twenty unanswerable questions alone,
   * answers two in three answerable ones, and nine in ten of the answers it
   * gives are right; on SQuAD articles nobody tuned for it answers three in
   * five answerable questions right (bench/RESULTS.md). Lower answers more
   * chatter-free questions wrongly; higher leaves more members unanswered
   */
  readonly threshold?: number;
}

export const DEFAULT_AUTO_ANSWER_OPTIONS = { threshold: 0.45, botNames: [] } as const satisfies Required<AutoAnswerOptions>;

/** Why the bot stays quiet on a message, or an answer's own refusal identifier. */
export type AutoIdentifier = "not-a-question" | "not-confident" | AnswerIdentifier;

/** The decision on one chat message: answer it, or leave it alone and say why. */
export interface AutoDecision {
  /** The message as received (normalised). */
  readonly question: string;
  readonly answered: boolean;
  /** The quotes of the answer; empty when not answered. */
  readonly snippets: readonly Snippet[];
  /** Calibrated probability that the first quote answers the message's question; 0 when no quote was found. */
  readonly confidence: number;
  /** Why it was not answered; `null` when answered. */
  readonly identifier: AutoIdentifier | null;
}

/**
 * Decides whether the bot, answering on its own in a channel, should answer
 * a chat message: only a question to the documents (not chatter, a
 * rhetorical question or a question to someone in the chat) whose answer's
 * confidence reaches the threshold. The next step, auto-answering in
 * chosen channels, calls this from the pipeline.
 */
export function judgeMessage(service: AnswerService, message: string, options: AutoAnswerOptions = {}): AutoDecision {
  const { threshold, botNames } = withDefaults(DEFAULT_AUTO_ANSWER_OPTIONS, options);
  const answer = service.ask(message, { botNames });
  const quiet = (identifier: AutoIdentifier, confidence = 0): AutoDecision => ({
    question: answer.question,
    answered: false,
    snippets: [],
    confidence,
    identifier,
  });
  if (service.read(message, { botNames }).chatter !== undefined) return quiet("not-a-question");
  if (!answer.answered) return quiet(answer.identifier);
  const confidence = answer.confidence ?? 0;
  if (confidence < threshold) return quiet("not-confident", confidence);
  return { question: answer.question, answered: true, snippets: answer.snippets, confidence, identifier: null };
}
