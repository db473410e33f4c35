import { SUBJECTS } from "./chat/readMessage.js";

/**
 * The thing a question asks for, when its grammar names it: "what is the
 * population of Gaza" asks for a population, "who is Pakistan's defence
 * minister" for a defence minister. When the corpus never mentions that
 * thing, a quote about the rest of the question ("Gaza", "Pakistan") does
 * not answer it, however well its words match. English only; general
 * grammar, no corpus's words.
 */

const DETERMINERS = "the|a|an|this|that|these|those|its|their|his|her|our|your";
const WORDS = "([a-z][a-z-]*(?: [a-z][a-z-]*)?)";
/** "what is the X of/in/for …", "who was the X behind …", "what's the X like in …". */
const THE_X_OF = new RegExp(
  `^(?:what|which|who)(?:'s|’s|s| is| are| was| were) (?:${DETERMINERS}) ${WORDS} (?:of|in|for|at|on|behind|like|from|between|among)\\b`,
  "i",
);
/** "what is X's Y", "who is X's Y": the possessed noun is the thing asked for. */
const POSSESSED = new RegExp(`^(?:what|which|who)(?:'s|’s|s| is| are| was| were) (?:[\\w.-]+ ){0,3}?[\\w.-]+(?:'s|’s|') ${WORDS}\\s*[?.!]*$`, "i");

/**
 * Heads that name no thing a passage would spell out: a relation told by a
 * verb ("the purpose of …" is told by "aimed at"), a stance, a container for
 * a name or a number ("the name of …", "the number of …"), or a filler.
 */
const NOT_THINGS = new Set(
  (
    "even actually really exactly real latest deal story news point one ones thing things matter problem issue situation update difference status " +
    "purpose aim goal role job task reason meaning idea plan mission function objective intention effect impact result outcome cause consequence " +
    "significance context background view position stance take response reaction opinion attitude approach strategy policy line part example " +
    // People known by a relation a passage tells with a verb: "Margaret's husband" is whom she "married".
    "husband wife spouse partner son daughter father mother brother sister parent parents child children heir successor predecessor founder owner creator"
  ).split(" "),
);
/** Containers: "the name of the ISF commander" asks for a commander's name, so the thing is what follows "of". */
const CONTAINERS = new Set("name names nickname title term word type kind sort form number amount total percentage".split(" "));
const CONNECTORS = new Set("of in for at on behind like from between among that which who whose where when is was are were".split(" "));
/** The noun phrase after a container: "… of (the) X Y". */
const AFTER_OF = new RegExp(`\\bof (?:(?:${DETERMINERS}) )?([\\w'’-]+(?: [\\w-]+)?)`, "i");

/**
 * The words of the thing asked for (lower case: its head, and a modifier
 * that says which thing it is, see {@link thingWords}), or undefined when
 * the question's grammar names none.
 */
export function askedThing(question: string): string[] | undefined {
  const text = question.trim().replace(/\s+/g, " ");
  const match = THE_X_OF.exec(text) ?? POSSESSED.exec(text);
  let words = match?.[1]
    ?.toLowerCase()
    .split(" ")
    .filter((word) => !CONNECTORS.has(word));
  if (words?.some((word) => CONTAINERS.has(word))) {
    words = AFTER_OF.exec(text.slice(match?.index ?? 0))?.[1]
      ?.toLowerCase()
      .split(" ")
      .filter((word) => !CONNECTORS.has(word));
  }
  const head = words?.at(-1);
  if (!words || head === undefined || words.some((word) => NOT_THINGS.has(word) || CONTAINERS.has(word))) return undefined;
  return thingWords(words);
}

/**
 * Modifiers that place or rank a thing rather than say which thing it is:
 * "the current president" is a president the corpus may name without "current".
 */
const RANKING = new Set(
  "first second third last final next previous former current new old latest original main top chief head senior junior official actual real whole entire total overall".split(
    " ",
  ),
);

/**
 * The words of the thing asked for that a passage about it would use: its
 * head, and a modifier that says which thing it is ("prime minister",
 * "defence minister": a foreign minister is someone else), not one that
 * ranks it ("the first president").
 */
function thingWords(words: readonly string[]): string[] {
  // An owner ("the ship's captain") says whose thing it is, not which kind.
  return words.filter((word, i) => i === words.length - 1 || !(RANKING.has(word) || /['’]s?$/.test(word)));
}

const AUXILIARY = "did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|shall|may|might|must";
/** "did X …", "has X …": a yes-or-no question about what X did, or is. */
const ABOUT_SUBJECT = new RegExp(`^(?:(?:and|so|but)\\s+)?(?:${AUXILIARY})(?:n't|n’t)?\\s+(?:(?:${DETERMINERS})\\s+)?([a-z][\\w-]*)`, "i");
/** Pronouns, determiners and quantifiers: a subject that names nothing the quote must hold. */
const NO_SUBJECT = new Set([...SUBJECTS, "some"]);

/**
 * The subject of a yes-or-no question about what someone or something did
 * or is ("did Turkey join …" → "turkey"), lower case; undefined when the
 * question is not of that form or its subject is a pronoun. (A question
 * with a question word often names its subject indirectly, so it is left out.)
 */
export function askedSubject(question: string): string | undefined {
  const subject = ABOUT_SUBJECT.exec(question.trim())?.[1]?.toLowerCase();
  return subject === undefined || NO_SUBJECT.has(subject) ? undefined : subject;
}
