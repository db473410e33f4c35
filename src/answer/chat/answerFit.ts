import { splitSentences } from "../../corpus/splitSentences.js";
import { termsOf, tokenize } from "../../index/analyzer.js";
import { holdsAnswer } from "../expectedAnswer.js";
import { holdsAnswerType } from "../scoring/answerType.js";

/**
 * What a question asks for, when its wording says plainly, so that a quote
 * on the right subject that does not say it ("how old is X" answered with
 * what X did) is not passed off as the answer.
 */
export type AskedFor =
  | { readonly kind: "time" | "money" | "age" | "person" | "place" | "reason" }
  /** "how many troops …": a number, and of that thing when the question names it (`counted`: its words). */
  | { readonly kind: "quantity"; readonly counted?: readonly string[] }
  /** "what did X say": the quote must report X, not someone else. */
  | { readonly kind: "speaker"; readonly speaker: string };

const AGE = /^(?:how old\b|what(?:'s| is| was) (?:the |his |her |their )?age\b|(?:at )?what age\b)/i;
const TIME =
  /^(?:when\b|since when\b|by when\b|how long ago\b|what time\b|(?:in |by |since |until |during |on )?(?:what|which) (?:year|decade|century|month|day|date|time|period|era)\b)/i;
const DURATION = /^how long\b/i;
const QUANTITY =
  /^(?:how (?:many|much|far|big|large|high|tall|deep|wide|often|fast)\b|(?:what|which) (?:percentage|proportion|number|amount|size|population|share)\b)/i;
/** "how much … pay/cost/spend …", "what's the price of …": an amount of money. */
const MONEY =
  /^how much\b.*\b(?:pay|pays|paid|paying|cost|costs|costing|spend|spends|spent|spending|worth|earn|earns|earned|earning|charge|charges|charged|price|budget|fund|funds|funding|owe|owes|owed)\b|^(?:what|which)(?:'s|’s|s| is| are| was| were| will be) (?:the |a |an |their |its )?(?:[a-z-]+ ){0,2}?(?:price|prices|cost|costs|fee|fees|fare|fares|salary|salaries|wage|wages|budget|fine|bill|value)\b/i;
/** "how many troops …": the words that name what is counted (two at most, an adjective perhaps first). */
const COUNTED = /^how many ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/i;
/** Words after "how many" that name no thing a number would be written next to. */
const NOT_COUNTED = new Set("times of more are is were was do does did have has had will would can could should r u you we they it there in at on".split(" "));
/** A number, in digits or in words: what a count is written with. */
const NUMBER =
  /^(?:\d[\d,.]*\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|few|both|no|single)$/i;
/** How far after its number a counted thing may come: "21 difficult combinatorial problems". */
const COUNT_WINDOW = 4;
const PERSON =
  /^(?:who|whom|whose)\b|^(?:what|which) (?:person|people|man|woman|leader|official|minister|author|journalist|reporter|company|organi[sz]ation|group|body|team|party|country|countries|nation|nations|government)\b/i;
const PLACE = /^(?:where\b|(?:what|which|in what|in which) (?:city|country|place|region|state|town|river|area|continent|island|county|location)\b)/i;
const REASON = /^(?:why\b|how come\b|what(?:'s| is| was) the (?:reason|point|purpose)\b|for what reason\b)/i;
/** "what did X say": the quote must report X. (A reaction or stance may be told without X as the one speaking, so those are not checked.) */
const SPEAKER = [/^what (?:did|does|do|has|have|had|will|would) (.+?) (?:say|said|saying|says|tell|told|claim|announce)\b/i];

/** A year, a month (capitalised, so "may be" is not May), or a span of time. */
const TIME_HELD =
  /\b\d{3,4}s?\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b|\b(?:AD|BC|BCE|CE)\b/;
const TIME_SPAN = /\b(?:century|centuries|decade|decades|today|yesterday|week|weeks|month|months|year|years|period|era|epoch|age|ages)\b/i;
const MONTHS_AND_DAYS =
  /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:ago|tonight|yesterday|tomorrow|recently|earlier|later|soon)\b|\b(?:last|next|this|coming) (?:week|month|year|spring|summer|autumn|fall|winter)\b/i;
const QUANTITY_HELD = /\b(?:single|once|twice|both|pair|couple|dozens?|none|zero|all|every|each|majority|minority|share|fifth|tenth)\b/i;
/** A currency sign or word, or a large amount: what an amount of money is written with. */
const MONEY_HELD =
  /[$£€¥₹]|\b(?:dollars?|pounds?|euros?|rupees?|yen|yuan|francs?|cents?|pence|million|billion|trillion|usd|gbp|eur|pkr)\b|\b\d+(?:\.\d+)?\s?(?:m|bn|k)\b/i;
const AGE_HELD = /\b\d{1,3}[- ]?(?:years?|yrs?)[- ]?old\b|\baged? \d{1,3}\b|\bage of \d|\b(?:born|birth|birthday)\b|\b\d{1,3}-year-old\b/i;
/** Nouns for people and bodies, and an agent ("by the mayor"): a "who" answer need not be a name. */
const ROLE =
  /\bby (?:the|a|an|its|their|his|her) \w+|\b(?:spokes(?:person|man|woman)|ministers?|president|secretary|chief|chairman|chair|mayor|governor|king|queen|prince|director|manager|coach|captain|owner|founder|ceo|analysts?|critics?|officials?|experts?|engineers?|scientists?|researchers?|doctors?|government|ministry|department|parliament|congress|senate|parties|party|groups?|council|board|club|team|company|firm|union|authority|authorities|administration|army|military|leaders?|leadership|countries|nations|journalists?|authors?|writers?|reporters?|courts?|judges?|committee|commission|agency|police|members?|people|citizens|residents|supporters|voters|students|workers)\b/i;
const PLACE_HELD =
  /\b(?:in|at|from|to|into|near|across|inside|outside|towards?|throughout|between|among|within|along|beyond|under|over|above|below) (?:the )?(?:[\p{Ll}-]+ )?\p{Lu}|\b(?:country|countries|city|cities|region|regions|area|areas|zone|abroad|home|border|capital|overseas|ground|territory|province|town|village|coast|state|district|north|south|east|west|northern|southern|eastern|western)\b/iu;
const REASON_HELD =
  /\b(?:citing|cited|blam\w*|error|mistake|result|led|driven|prompt\w*|because|since|as|due|owing|so that|in order|given|amid|reasons?|after|following|could|would|might|risks?|concerns?|fears?|worr\w*|warn\w*|oppos\w*|pressure|aim\w*|purpose|to (?:avoid|prevent|ensure|keep|protect|support|help|maintain|strengthen|clarify|stop|end))\b/i;
/** Verbs that report what someone said or holds. */
const REPORTING =
  /^(?:said|says|say|saying|accusing|warning|arguing|claiming|calling|insisting|stating|telling|noting|adding|stated|states|stating|confirmed|confirms|acknowledged|acknowledges|told|tells|warned|warns|argued|argues|noted|notes|added|adds|stressed|stresses|insisted|insists|underlined|underlines|clarified|clarifies|announced|announces|declared|declares|described|describes|called|calls|urged|urges|reported|reports|expressed|expresses|believes|thinks|welcomed|welcomes|rejected|rejects|denied|denies|explained|explains|wrote|writes|replied|responded|made|suggested|suggests|claimed|claims|emphasi[sz]ed|emphasi[sz]es|accused|accuses|praised|praises|criticised|criticized|admitted|admits)$/i;
/** Tokens between a speaker and the verb reporting them: "X has also underlined", "X, the spokesperson, said". */
const SPEAKER_WINDOW = 6;

/** What `question` (already read as a direct question) asks for, if its first words say. */
export function askedFor(question: string): AskedFor | undefined {
  const text = question.trim();
  for (const pattern of SPEAKER) {
    const speaker = pattern
      .exec(text)?.[1]
      ?.replace(/^(?:the|a|an)\s+/i, "")
      .trim();
    if (speaker && termsOf(speaker).length > 0) return { kind: "speaker", speaker };
  }
  if (AGE.test(text)) return { kind: "age" };
  // "When X happens, what is Y?": "when" opens a condition there, and the question is the clause after it.
  if (TIME.test(text) && !/^when\b[^,]*,.*\b(?:what|which|who|how)\b/i.test(text)) return { kind: "time" };
  if (MONEY.test(text)) return { kind: "money" };
  if (DURATION.test(text) || QUANTITY.test(text)) {
    const [first, second] = (COUNTED.exec(text)?.slice(1) ?? []).map((word) => word?.toLowerCase());
    // "how many of them", "how many are there": the thing counted is not named.
    if (!first || NOT_COUNTED.has(first)) return { kind: "quantity" };
    return { kind: "quantity", counted: second && !NOT_COUNTED.has(second) ? [first, second] : [first] };
  }
  if (REASON.test(text)) return { kind: "reason" };
  if (PLACE.test(text)) return { kind: "place" };
  if (PERSON.test(text)) return { kind: "person" };
  return undefined;
}

/** The index terms a word of the question was read as; the service passes its spell-corrected reading. */
export type WordTerms = (word: string) => readonly string[];

/**
 * Whether `quote` holds what was asked for, beyond what the question itself names. `wordTerms`
 * reads the question's words, so "how many inhbitants" counts inhabitants.
 */
export function answersAsked(asked: AskedFor, quote: string, question: string, wordTerms: WordTerms = termsOf): boolean {
  switch (asked.kind) {
    case "time":
      return TIME_HELD.test(quote) || TIME_SPAN.test(quote) || MONTHS_AND_DAYS.test(quote);
    case "quantity": {
      // "One of the …" picks one out of many; it counts nothing.
      const counted = quote.replace(/\bone of\b/gi, "");
      if (asked.counted) return counts(asked.counted, counted, wordTerms);
      return holdsAnswer("quantity", counted) || QUANTITY_HELD.test(counted) || TIME_HELD.test(counted);
    }
    case "money":
      return MONEY_HELD.test(quote);
    case "age":
      return AGE_HELD.test(quote);
    case "person":
      return (
        holdsAnswerType("person", quote, question) ||
        innerCapitals(quote, question) ||
        ROLE.test(quote.replace(new RegExp(`\\b(?:${wordsOf(question).join("|") || "(?!)"})\\b`, "gi"), ""))
      );
    case "place":
      return holdsAnswerType("place", quote, question) || PLACE_HELD.test(quote);
    case "reason":
      return toldSentences(quote, question).some((sentence) => REASON_HELD.test(sentence));
    case "speaker":
      return reports(asked.speaker, quote);
  }
}

/**
 * The sentences of `quote` that tell what the question asks about: those
 * sharing the most of its words, and the sentence after each, where a
 * reason is often given ("… stated the length as 1,320 km. It was a
 * typographical error."). "Why did X abstain" is answered by a reason given
 * where the abstaining is told, not by one in the sentence before.
 */
function toldSentences(quote: string, question: string): string[] {
  const asked = new Set(wordsOf(question).flatMap((word) => termsOf(word)));
  const sentences = splitSentences(quote).map((sentence) => sentence.text);
  const shared = sentences.map(
    (sentence) =>
      new Set(
        tokenize(sentence)
          .flatMap((token) => termsOf(token.surface))
          .filter((term) => asked.has(term)),
      ).size,
  );
  const most = Math.max(...shared);
  return sentences.filter((_, i) => shared[i] === most || shared[i - 1] === most);
}

/**
 * Whether `quote` counts the thing named by `words`: a number shortly before
 * one of them ("how many troops" → "5,000 troops", "two battalions of
 * troops"), not any number ("in forty years" does not say how many people).
 */
function counts(words: readonly string[], quote: string, wordTerms: WordTerms): boolean {
  const wanted = new Set(words.flatMap((word) => [...termsOf(word), ...wordTerms(word)]));
  // "a 20-point plan" counts points as "20 points" does.
  const tokens = tokenize(quote).flatMap((token) => token.surface.split("-"));
  return tokens.some(
    (token, i) => NUMBER.test(token) && tokens.slice(i + 1, i + 1 + COUNT_WINDOW).some((next) => termsOf(next).some((term) => wanted.has(term))),
  );
}

/** A word with a capital inside it ("BSkyB", "ITV"), even first in the sentence, that the question does not name. */
function innerCapitals(quote: string, question: string): boolean {
  const asked = question.toLowerCase();
  return tokenize(quote).some((token) => /^\p{L}[\p{L}]*\p{Lu}/u.test(token.surface) && !asked.includes(token.surface.toLowerCase()));
}

function wordsOf(text: string): string[] {
  return tokenize(text)
    .map((token) => token.surface.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""))
    .filter((word) => word.length > 2);
}

/** Whether the quote has `speaker` say something: a word of the name shortly before a reporting verb, or after "according to". */
function reports(speaker: string, quote: string): boolean {
  const wanted = new Set(termsOf(speaker).concat(...tokenize(speaker).map((token) => termsOf(token.surface))));
  const tokens = tokenize(quote);
  const isSpeaker = (surface: string) => termsOf(surface).some((term) => wanted.has(term));
  for (let i = 0; i < tokens.length; i++) {
    if (!isSpeaker(tokens[i]?.surface ?? "")) continue;
    for (let j = i + 1; j <= Math.min(tokens.length - 1, i + SPEAKER_WINDOW); j++) {
      // Within the sentence: "… disarm Hamas. Rubio acknowledged" reports Rubio, not Hamas.
      if (/[.!?]\s/.test(quote.slice(tokens[j - 1]?.start ?? 0, tokens[j]?.start ?? 0))) break;
      if (REPORTING.test(tokens[j]?.surface ?? "")) return true;
    }
    const before = tokens
      .slice(Math.max(0, i - 4), i)
      .map((token) => token.surface.toLowerCase())
      .join(" ");
    if (/according to\b/.test(before)) return true;
  }
  return false;
}
