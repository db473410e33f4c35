/**
 * What kind of answer a question asks for, when its wording says so plainly:
 * "when …" and "what year …" ask for a time, "how many …" and "how much …"
 * for a quantity. A sentence that holds no time or quantity at all rarely
 * answers such a question, however many of its words it shares.
 */
export type AnswerKind = "time" | "quantity";

const TIME_QUESTION = /^(?:when\b|(?:in |by |since |until )?(?:what|which) (?:year|decade|century|month|day|date|time)\b)/i;
const QUANTITY_QUESTION = /^(?:how (?:many|much|long|far|old|big|large|high|tall|deep|wide|often)\b|(?:what|which) (?:percentage|proportion|number|amount)\b)/i;

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december";
const TIME = new RegExp(`\\b(?:\\d{3,4}s?|${MONTHS}|century|centuries|decade|bc|ad|bce|ce|today|yesterday|week|weeks|month|months|year|years)\\b`, "i");
const QUANTITY =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|half|third|quarter|several|few|many|most|per ?cent)\b/i;

/** The kind of answer `question` asks for, if its first words say. */
export function expectedAnswer(question: string): AnswerKind | undefined {
  const text = question.trim();
  if (TIME_QUESTION.test(text)) return "time";
  if (QUANTITY_QUESTION.test(text)) return "quantity";
  return undefined;
}

/** Whether `sentence` holds an answer of that kind: a date or year for time, a number for quantity. */
export function holdsAnswer(kind: AnswerKind, sentence: string): boolean {
  return kind === "time" ? TIME.test(sentence) : QUANTITY.test(sentence);
}
