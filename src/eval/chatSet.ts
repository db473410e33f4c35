import type { AnswerService } from "../answer/AnswerService.js";
import { judgeMessage, type AutoDecision } from "../answer/judgeMessage.js";
import type { Answer } from "../answer/types.js";
import { parseQuestions, type EvalQuestion } from "./scoreQuestions.js";

/**
 * A chat-style message of a development set: a question the corpus answers
 * (`expect` phrases, one must be in the top snippet), one it does not
 * (`abstain`), or chatter (`abstain` with the `kind` of chatter).
 */
export interface ChatMessage extends EvalQuestion {
  readonly kind?: string;
}

export type MessageClass = "answerable" | "unanswerable" | "chatter";

export function classOf(message: ChatMessage): MessageClass {
  if (!message.abstain) return "answerable";
  return message.kind ? "chatter" : "unanswerable";
}

/** One message, as plain `ask` and as `--auto` treat it. */
export interface ChatResult {
  readonly message: ChatMessage;
  readonly class: MessageClass;
  readonly plain: Answer;
  readonly auto: AutoDecision;
  /** The top snippet of the plain answer holds an expected phrase. */
  readonly plainRight: boolean;
  readonly autoRight: boolean;
}

export function parseChatSet(text: string): ChatMessage[] {
  return parseQuestions(text) as ChatMessage[];
}

function contains(text: string, phrase: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  return fold(text).includes(fold(phrase));
}

function right(message: ChatMessage, top: string | undefined): boolean {
  return top !== undefined && (message.expect ?? []).some((phrase) => contains(top, phrase));
}

/** Puts every message to plain `ask` and to the auto-answer judge. */
export function runChatSet(service: AnswerService, messages: readonly ChatMessage[], threshold?: number): ChatResult[] {
  return messages.map((message) => {
    const plain = service.ask(message.q);
    const auto = judgeMessage(service, message.q, threshold === undefined ? {} : { threshold });
    return {
      message,
      class: classOf(message),
      plain,
      auto,
      plainRight: plain.answered && right(message, plain.snippets[0]?.text),
      autoRight: auto.answered && right(message, auto.snippets[0]?.text),
    };
  });
}

/** The figures over a run. */
export interface ChatFigures {
  readonly answerable: number;
  readonly unanswerable: number;
  readonly chatter: number;
  /** Plain ask: right quote on top, of answerable. */
  readonly plainRight: number;
  /** Plain ask: unanswerable declined. */
  readonly plainDeclined: number;
  /** --auto: answers given, and how many were right. */
  readonly autoAnswered: number;
  readonly autoRight: number;
  /** --auto: answerable answered right. */
  readonly autoAnswerableRight: number;
  readonly chatterLeftAlone: number;
  readonly unanswerableLeftAlone: number;
}

export function chatFigures(results: readonly ChatResult[]): ChatFigures {
  const of = (c: MessageClass) => results.filter((r) => r.class === c);
  return {
    answerable: of("answerable").length,
    unanswerable: of("unanswerable").length,
    chatter: of("chatter").length,
    plainRight: of("answerable").filter((r) => r.plainRight).length,
    plainDeclined: of("unanswerable").filter((r) => !r.plain.answered).length,
    autoAnswered: results.filter((r) => r.auto.answered).length,
    autoRight: results.filter((r) => r.autoRight).length,
    autoAnswerableRight: of("answerable").filter((r) => r.autoRight).length,
    chatterLeftAlone: of("chatter").filter((r) => !r.auto.answered).length,
    unanswerableLeftAlone: of("unanswerable").filter((r) => !r.auto.answered).length,
  };
}

/**
 * Why a message went wrong, for the misses-by-cause table: for answerable
 * ones, the refusal identifier or a wrong quote; for the others, what let
 * them through.
 */
export function missCause(result: ChatResult, mode: "plain" | "auto"): string | undefined {
  const answer = mode === "plain" ? result.plain : result.auto;
  const rightAnswer = mode === "plain" ? result.plainRight : result.autoRight;
  if (result.class === "answerable") {
    if (rightAnswer) return undefined;
    if (!answer.answered) return `declined: ${mode === "plain" ? (result.plain.answered ? "" : result.plain.identifier) : (result.auto.identifier ?? "")}`;
    return "wrong quote";
  }
  if (mode === "plain" && result.class === "chatter") return undefined;
  if (!answer.answered) return undefined;
  return result.class === "chatter" ? `chatter answered (${result.message.kind ?? "?"})` : "unanswerable answered";
}
