import type { AnswerService } from "../../answer/AnswerService.js";

/** Openers of a follow-up that asks on about the last question ("what about …", "and …"). */
const ELLIPSIS = /^\s*(?:(?:and|but|ok|okay|so)\s+)?(?:what|how)\s+about\s+|^\s*(?:and|but|also|what of)\s+/i;
const QUESTION_WORD = /^(?:when|where|who|whom|why|how(?:\s+(?:many|much|long|old|often))?|what\s+(?:time|year|date))$/i;
/** A question's opening question word, which the follow-up's own replaces ("and why?"). */
const OPENING = /^\s*(?:(?:what|when|where|who|whom|why|which|how(?:\s+(?:many|much|long|old|often))?)\s+)?/i;
/** Names in a question: capitalised words after its first (a first word is capitalised anyway). */
const NAMES = /(?<=\S\s+)[A-Z][\w'’-]*/g;

/**
 * The question a follow-up asks, when it has no subject of its own: "what
 * about china?" after "What did Pakistan say about troops?" asks "What did
 * china say about troops?"; "and when?" after "Did the council vote on the
 * ferry?" asks "when did the council vote on the ferry". A follow-up with a
 * subject (key terms the corpus knows, and no elliptical opener) is asked as
 * it is.
 */
export function followUpText(service: AnswerService, text: string, previous: string): string {
  const opener = ELLIPSIS.exec(text);
  const rest = (opener ? text.slice(opener[0].length) : text).replace(/[?!.\s]+$/, "").trim();
  if (!opener && (service.keyTerms(text).length > 1 || rest.split(/\s+/).length > 3)) return text;
  if (rest === "") return previous;
  const before = previous.replace(/[?!.\s]+$/, "");
  if (QUESTION_WORD.test(rest)) return `${rest} ${before.replace(OPENING, "")}?`;
  // The new subject takes the place of the last name asked about ("Pakistan's" → "the US's").
  const name = [...before.matchAll(NAMES)].at(-1);
  if (!name) return `${before} ${rest}?`;
  const possessive = /['’]s$/.exec(name[0])?.[0] ?? "";
  return `${before.slice(0, name.index)}${rest}${possessive}${before.slice(name.index + name[0].length)}?`;
}
