import { holdsAnswer } from "../expectedAnswer.js";

/**
 * The kind of answer a question asks for, read from its first words, wider
 * than {@link expectedAnswer}: besides times and quantities, "who" asks for a
 * person or body and "where" for a place. Used as a feature of the answer
 * scorer, which learns how much each match is worth.
 */
export type AnswerType = "time" | "quantity" | "person" | "place";

const TIME = /^(?:when\b|(?:in |by |since |until |during )?(?:what|which) (?:year|decade|century|month|day|date|time|period|era)\b)/i;
const QUANTITY =
  /^(?:how (?:many|much|long|far|old|big|large|high|tall|deep|wide|often|fast)\b|(?:what|which) (?:percentage|proportion|number|amount|size|population)\b)/i;
const PERSON = /^(?:who|whom|whose)\b|^(?:what|which) (?:person|people|man|woman|king|queen|leader|author|company|organi[sz]ation|group|body|team)\b/i;
const PLACE = /^(?:where\b|(?:what|which|in what|in which) (?:city|country|place|region|state|town|river|area|continent|island|county|location)\b)/i;

export function answerTypeOf(question: string): AnswerType | undefined {
  const text = question.trim();
  if (TIME.test(text)) return "time";
  if (QUANTITY.test(text)) return "quantity";
  if (PERSON.test(text)) return "person";
  if (PLACE.test(text)) return "place";
  return undefined;
}

/** A capitalised word not at the start of a sentence: the shape of a name in English prose. */
const INNER_NAME = /(?<=[\p{L}\p{N},;:)] )\p{Lu}[\p{L}'’.-]+/gu;
/** A capitalised word after a preposition of place. */
const PLACE_NAME = /\b(?:in|at|from|near|to|into|across|on|along|between|of) (?:the )?\p{Lu}\p{L}+/u;

/**
 * Whether `sentence` holds something of that type that the question does
 * not already name (`questionText`): an answer has to add something.
 */
export function holdsAnswerType(type: AnswerType, sentence: string, questionText: string): boolean {
  if (type === "time" || type === "quantity") return holdsAnswer(type, sentence);
  const asked = questionText.toLowerCase();
  const names = [...sentence.matchAll(INNER_NAME)].map((match) => match[0].toLowerCase()).filter((name) => !asked.includes(name));
  if (type === "person") return names.length > 0;
  return names.length > 0 && PLACE_NAME.test(sentence);
}
