import { CHAT_FORMS, FILLERS } from "./chatForms.js";

/**
 * What the reader needs to know of the corpus: whether it uses a word as
 * written (so its own "FM" is not read as "foreign minister"), and the word
 * a short clipped form stands for ("pak" → "pakistan"), if exactly one
 * stands out.
 */
export interface Lexicon {
  knows(word: string): boolean;
  complete(prefix: string): string | undefined;
}

/** How a message asks something, if it does. */
export type Asking = "direct" | "indirect" | "request" | "marked" | "none";

/** Why a message is not a question for the documents. */
export type ChatterKind = "statement" | "rhetorical" | "to-people" | "quote" | "empty";

export interface MessageReading {
  /**
   * The question to look up: the clause of the message that asks, with chat
   * forms read, fillers, mentions and asides dropped, and an indirect
   * question turned direct ("idk what the ISF is" → "what the ISF is"). The
   * whole cleaned message when no clause asks.
   */
  readonly question: string;
  readonly asking: Asking;
  /** Set when the message is not a question for the documents, with why. */
  readonly chatter?: ChatterKind;
}

export interface ReadOptions {
  /**
   * Names the bot answers to: a message opening with `@` one of these is for the bot, any other `@name` addresses a person.
   * `undefined` is accepted as "none known", so a request's optional names pass straight through.
   */
  readonly botNames?: readonly string[] | undefined;
}

const WH = new Set(["what", "which", "who", "whom", "whose", "when", "where", "why", "how"]);
const AUX = new Set([
  "is",
  "are",
  "was",
  "were",
  "am",
  "do",
  "does",
  "did",
  "has",
  "have",
  "had",
  "can",
  "could",
  "will",
  "would",
  "should",
  "shall",
  "may",
  "might",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "don't",
  "doesn't",
  "didn't",
  "hasn't",
  "haven't",
  "can't",
  "won't",
  "wouldn't",
  "shouldn't",
  "couldn't",
]);
/** Words that open a question put as a plain statement with a question mark, or that follow an auxiliary as its subject. */
export const SUBJECTS = new Set([
  "i",
  "you",
  "we",
  "they",
  "he",
  "she",
  "it",
  "there",
  "this",
  "that",
  "these",
  "those",
  "the",
  "a",
  "an",
  "any",
  "anyone",
  "anybody",
  "someone",
  "somebody",
  "everyone",
  "all",
  "his",
  "her",
  "their",
  "our",
  "your",
  "my",
  "its",
  "not",
]);
/** A subject that makes a question about the people chatting rather than about the documents. */
const PERSONAL = new Set(["i", "you", "u", "ya", "y'all", "yall"]);

/** Indirect questions and requests: the part of the clause after the match is the question. */
const INDIRECT = [
  // "i wonder whether …", "someone tell me who …", "idk what …", "does anyone know if …"
  /^(?:(?:i|we|someone|somebody|anyone|anybody|you|u|can|could|would|will|pls|please|do|does|just|really|honestly|still|kinda|genuinely|am|i am)\s+)*(?:wonder(?:ing)?|tell me|tell us|remind me|let me know|know|knows|no idea|have no idea|not sure|unsure|curious|confused about|trying to (?:figure out|understand)|want to know|need to know|wanna know|do not know|dunno|understand|get|figure out|explain to me|explain)\s+(?=(?:(?:in|on|at|by|for|from|to|of|with|during|under|after|before|through|between|within|over)\s+)?(?:what|which|who|whom|whose|when|where|why|how|whether|if)\b)/i,
  /^any idea\s+(?=(?:what|which|who|whom|whose|when|where|why|how|whether|if)\b)/i,
];
/** Requests for an explanation: "explain X to me", "tell me about X", "eli5 X". */
const REQUEST =
  /^(?:(?:can|could|would|will)\s+(?:someone|somebody|anyone|you|u)\s+|(?:someone|somebody|anyone|pls|please)\s+)*(?:explain|describe|define|eli5|summari[sz]e|clarify|tell me about|tell us about|fill me in on|give me (?:the )?(?:context|background|rundown|info|information) on|info on|context on|background on|rundown on|details on|thoughts on|anything on|what about|how about)\s+/i;
/** Words that open a clause of its own, so a comma before them ends the question: "what is X, my uncle says …". */
const CLAUSE_START = /^(?:every|my|i|i'm|i am|we|they|he|she|it's|its|it is|this|that|there|because|since|cause|lol|coz|and i|but i|people|everyone|nobody)\b/i;
const WHETHER = /^(?:whether|if)\s+/i;
/** A question opening with its preposition, as chat writes one without its question mark: "in what year …", "by how much …". */
const PREPOSITION_WH =
  /^(?:in|on|at|by|for|from|to|of|with|during|since|until|under|after|before|into|through|between|among|against|within|over|around|across|toward|towards)\s+(?:what|which|whom|whose|how|when|where)\b(?!\s+(?:it's|its|it is) worth\b)/i;

/** Questions asked for effect, not for an answer; general English idioms. */
const RHETORICAL = [
  /^(?:who|what)\s+(?:even\s+|really\s+)?(?:cares|asked|knows|knew)\b/i,
  /^how about (?:no|nah|not|nope)\b/i,
  /^guess (?:who|what)\b/i,
  /^what (?:a|an)\s/i,
  /^how (?:cool|sad|funny|crazy|wild|dumb|stupid|nice|great|typical|convenient|ironic|hard|bad|embarrassing) (?:is|was) (?:that|this|it)\b/i,
  /^why (?:would|should|do|does) (?:anyone|anybody|i|we|you|u|people) (?:care|believe|trust|bother|even)\b/i,
  /^what could (?:possibly )?go wrong\b/i,
  /^(?:am i|is it just me|are we)\s+(?:the only one|right|wrong|crazy|surprised)\b/i,
  /^is it just me\b/i,
  /^who (?:would have|would've|wouldve|could have|could've) (?:thought|guessed|known)\b/i,
  /^what (?:else is new|did (?:you|u|we|they) expect|do (?:you|u|we) expect)\b/i,
  /^(?:what|why|how) (?:the )?(?:hell|heck|fuck)\b/i,
  /^(?:why not|what now|who does that|how dare|so what|and then what|now what|you know|know what i mean|right|really|seriously|srsly|huh|what|why|how|no|yes|ok|okay|sure)$/i,
  /^what(?:'s| is) (?:the )?point\b/i,
  /^(?:isn't|isnt|is not|wasn't|aren't) (?:it|that|this) (?:obvious|funny|crazy|ironic|wild|sad|interesting|great|typical|convenient)\b/i,
  /^how is (?:that|this) (?:even )?(?:legal|fair|possible|ok|okay)\b/i,
];
/** Words announcing that a question follows, whatever its form: "quick q", "dumb question", "question:". */
const ANNOUNCED =
  /(?:^|[\s,.!:;-])(?:(?:quick|dumb|stupid|random|genuine|serious|noob|real quick) (?:q|question)|q:|question:|out of curiosity|just curious|asking for a friend)(?=$|[\s,.!:;-])/i;
const WH_WORD = /\b(?:what|which|who|whom|whose|when|where|why|how)\b/i;
/**
 * A question asked in place, at the end of a statement: a preposition, "what" or "which", and at most two
 * more words ("the river flows into which lake", "X is an example of what"). "for what", "to what end" and
 * "in which case" are asides, not questions.
 */
const IN_PLACE =
  /\s(?:of|in|on|at|by|to|into|onto|with|from|for|as|than|between|among|under|over|during|within|across|near|against)\s+(?:what|which)(?:\s+[\p{L}\p{N}'-]+){0,2}$/iu;
const NOT_IN_PLACE = /\b(?:for what|to what end|in which case|of which|in which|to which|at which point|by which time)$/i;
/** A question tag after a statement: "they voted for it, right?" asks the chat to agree. */
const TAG = /,\s*(?:right|no|innit|isn't it|isnt it|don't you think|dont you think|ok|eh|yeah|huh|you know)\s*\?*\s*$/i;
/** Verbs that make "you"/"anyone" the one asked rather than the documents: "you coming?", "anyone watching?". */
const KNOWING = /\b(?:know|knows|tell|explain|idea|remind|clarify|help)\b/i;

const FILLER_PHRASES = [...FILLERS].sort((a, b) => b.length - a.length);
const FILLER_AT_START = new RegExp(`^(?:${FILLER_PHRASES.map(escape).join("|")})(?:[\\s,.!:;-]+|$)`, "i");
const FILLER_AT_END = new RegExp(`(?:^|[\\s,.!:;-]+)(?:${FILLER_PHRASES.map(escape).join("|")})$`, "i");
const FILLER_SET = new Set(FILLERS);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Clauses of a chat message: sentences, lines and comma-joined parts. */
interface Clause {
  readonly text: string;
  /** Its sentence ends with a question mark. */
  readonly marked: boolean;
  /** Which sentence it is part of. */
  readonly sentence: number;
}

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  text.split(/(?<=[.!?…])\s+|\n+|;\s*|(?<=[?!])(?=\p{L})/u).forEach((part, sentence) => {
    const marked = /\?/.test(part);
    for (const piece of part.split(/,\s+/)) {
      const cleaned = piece.replace(/[.!?…]+$/u, "").trim();
      if (cleaned !== "") clauses.push({ text: cleaned, marked, sentence });
    }
  });
  return clauses;
}

/**
 * The bot called by name at either edge of a clause ("hey bot, who …", "bot what is …", "who is X,
 * cited"): a way of asking, not a word of the question. Only as a greeting's object, before a comma or
 * a question's opening, or after the question: "bot is slow today" speaks about the bot, it does not
 * call it.
 */
function vocativeOf(bots: ReadonlySet<string>): (text: string) => string {
  const names = ["bot", ...bots].map(escape).join("|");
  const greeted = new RegExp(`^(?:hey|hi|hello|yo|oi|ok|okay|dear)\\s+(?:${names})(?:[\\s,.!:;-]+|$)`, "i");
  const before = new RegExp(
    `^(?:${names})(?:\\s*[,.!:;-]+\\s*|\\s+(?=(?:what|which|who|whom|whose|when|where|why|how|pls|please|tell|explain|can|could|would)\\b)|$)`,
    "i",
  );
  const after = new RegExp(`(\\S+)(?:\\s*,\\s*|\\s+)(?:${names})$`, "i");
  return (text) =>
    text
      .replace(greeted, "")
      .replace(before, "")
      .replace(after, (whole, word: string) => (NOT_VOCATIVE_BEFORE.has(word.toLowerCase()) ? whole : word));
}
/** Words that make a name at the end part of a phrase ("a bot", "good bot"), not a call. */
const NOT_VOCATIVE_BEFORE = new Set([
  "a",
  "an",
  "the",
  "this",
  "that",
  "my",
  "your",
  "our",
  "their",
  "its",
  "good",
  "bad",
  "dumb",
  "stupid",
  "smart",
  "useless",
  "new",
  "old",
]);

/**
 * Drops fillers, and the bot called by name, at the edges of a clause, repeatedly ("ok so wait, …");
 * `called` says whether the bot was called.
 */
function trimFillers(clause: string, vocative?: (text: string) => string): { text: string; called: boolean } {
  let text = clause.trim();
  let called = false;
  for (let guard = 0; guard < 20; guard++) {
    const uncalled = vocative ? vocative(text).trim() : text;
    called ||= uncalled !== text;
    const next = uncalled.replace(FILLER_AT_START, "").replace(FILLER_AT_END, "").trim();
    if (next === text) break;
    text = next;
  }
  return { text, called };
}

/** Reads chat spellings and clipped words the corpus does not use itself. */
function readForms(text: string, lexicon: Lexicon | undefined): string {
  return text.replace(/(?<![\p{L}\p{N}@#])[\p{L}\p{N}][\p{L}\p{N}'’/]*/gu, (word) => {
    const lower = word.toLowerCase().replace(/’/g, "'");
    // Upper-case keys match only as written; lower-case ones in any case.
    const form = Object.hasOwn(CHAT_FORMS, word) ? CHAT_FORMS[word] : Object.hasOwn(CHAT_FORMS, lower) ? CHAT_FORMS[lower] : undefined;
    if (form !== undefined) return lexicon?.knows(lower) ? word : form;
    if (lexicon && /^\p{L}{2,4}$/u.test(word) && !lexicon.knows(lower)) return lexicon.complete(lower) ?? word;
    return word;
  });
}

/** How a clause asks, and the clause as a direct question. */
function askingOf(clause: string, marked: boolean): { asking: Asking; question: string } {
  const lower = clause.toLowerCase();
  for (const pattern of INDIRECT) {
    const match = pattern.exec(lower);
    if (match) return { asking: "indirect", question: clause.slice(match[0].length).replace(WHETHER, "") };
  }
  const request = REQUEST.exec(lower);
  if (request)
    return {
      asking: "request",
      question: clause
        .slice(request[0].length)
        .replace(/\s+like (?:i'm|im|i am) (?:5|five)$/i, "")
        .replace(/\s+(?:to|for) (?:me|us)$/i, ""),
    };
  const words = lower.split(/\s+/);
  const first = words[0] ?? "";
  if (WH.has(first) || (PREPOSITION_WH.test(clause) && !NOT_IN_PLACE.test(clause))) return { asking: "direct", question: clause };
  // "can't believe it", "didn't expect that": a negative auxiliary straight before a verb states, it does not ask.
  if (!marked && /n't$|n’t$/.test(first) && !SUBJECTS.has(words[1] ?? "")) return { asking: "none", question: clause };
  if (!marked && AUX.has(first) && words[1] === "not" && !SUBJECTS.has(words[2] ?? "")) return { asking: "none", question: clause };
  if (AUX.has(first) && SUBJECTS.has(words[1] ?? "") === false && /^(?:not|n't)$/.test(words[1] ?? "") === false && words.length >= 2) {
    // "has pakistan decided", "did russia block it": an auxiliary then a subject that is not a verb.
    if (!marked && /(?:ing|ed)$/.test(words[1] ?? "") && !/^(?:is|are|was|were)$/.test(first)) return { asking: "none", question: clause };
    return { asking: "direct", question: clause };
  }
  if (AUX.has(first) && (SUBJECTS.has(words[1] ?? "") || words[1] === "not")) return { asking: "direct", question: clause };
  if (marked) return { asking: "marked", question: clause };
  if (IN_PLACE.test(clause) && !NOT_IN_PLACE.test(clause) && lower.split(/\s+/).length >= 5) return { asking: "marked", question: clause };
  return { asking: "none", question: clause };
}

/** Whether a question asks the people in the chat about themselves. */
function toPeople(question: string): boolean {
  const words = question.toLowerCase().split(/\s+/);
  if (KNOWING.test(question)) return false;
  const [first = "", second = "", third = ""] = words;
  if (PERSONAL.has(first)) return true;
  if (/^(?:anyone|anybody|someone|somebody|everyone|guys|y'all|yall)$/.test(first)) return true;
  if (AUX.has(first) && PERSONAL.has(second)) return true;
  return WH.has(first) && (AUX.has(second) || second === "about") && PERSONAL.has(third);
}

/**
 * Reads a chat message as the bot should: finds the question in it, if any,
 * and says when it is not a question for the documents. English only; all
 * rules are general chat English, none taken from a corpus.
 */
export function readMessage(message: string, lexicon?: Lexicon, options: ReadOptions = {}): MessageReading {
  const bots = new Set((options.botNames ?? []).map((name) => name.toLowerCase().replace(/^@/, "")));
  const opening = /^\s*@([\w.]+)/u.exec(message);
  const addressed = opening !== null && !bots.has((opening[1] ?? "").toLowerCase());
  // A quote pasted into the message: its words are context for a short question ("… who said that?").
  // A quotation of a few words ("the \"Davidian Revolution\"") is part of the question; a longer one was pasted.
  const pasted = /["“”]((?:[^"“”\s]+\s+){4,}[^"“”]*)["“”]|^>\s?(.+)$/gmu;
  const quoted = [...message.matchAll(pasted)].map((match) => match[1] ?? match[2] ?? "").join(" ");
  const unquoted = message.replace(pasted, " ");
  const text = readForms(
    unquoted
      .replace(/(?:^|\s)@[\w.]+/gu, " ")
      .replace(/\s+/g, " ")
      .trim(),
    lexicon,
  );
  const vocative = vocativeOf(bots);
  const trimmed = clausesOf(text).map((clause) => ({ ...clause, raw: clause.text, ...trimFillers(clause.text, vocative) }));
  const clauses = trimmed.filter((clause) => clause.text !== "");

  // A message that calls the bot, also in a clause of its own ("hey bot, …"), or announces a question asks
  // with its wh-word wherever it stands, as a question mark would say: "hey bot, the rhine flows into which lake".
  const signalled = ANNOUNCED.test(text) || trimmed.some((clause) => clause.called);
  const asked = clauses.map((clause, i) => ({
    i,
    marked: clause.marked,
    ...askingOf(clause.text, clause.marked || (signalled && WH_WORD.test(clause.text))),
  }));
  const strength = (a: Asking) => ({ indirect: 4, request: 3, direct: 3, marked: 1, none: 0 })[a];
  const best = asked
    .filter((entry) => entry.asking !== "none")
    .sort((a, b) => strength(b.asking) + Number(b.marked) - (strength(a.asking) + Number(a.marked)) || a.i - b.i)[0];
  const cleanedAll = clauses.map((clause) => clause.text).join(" ");

  if (!best) {
    const chatter: ChatterKind = cleanedAll === "" ? (quoted ? "quote" : "empty") : quoted && cleanedAll.length < quoted.length ? "quote" : "statement";
    return { question: readForms([cleanedAll, quoted].filter(Boolean).join(" "), lexicon), asking: "none", chatter };
  }
  // The clause that asks, with what follows it in the same sentence unless that starts a clause of its own.
  // The clause that asks, with the parts of its sentence around it that do not start a clause of their own:
  // "In chemistry, what is a mole" keeps its context; "what is X, my feed says Y" drops the aside.
  let question = trimFillers(best.question, vocative).text;
  const sameSentence = (clause: (typeof clauses)[number]) =>
    clause.sentence === clauses[best.i]?.sentence && !CLAUSE_START.test(clause.text) && askingOf(clause.text, false).asking === "none";
  for (let i = best.i - 1; i >= 0 && best.asking === "direct"; i--) {
    const before = clauses[i];
    if (!before || !sameSentence(before)) break;
    question = `${before.text}, ${question}`;
  }
  for (const next of clauses.slice(best.i + 1)) {
    if (!sameSentence(next)) break;
    question = `${question}, ${next.text}`;
  }
  // A sentence before the question that states something of substance is its context ("Orange, Riverside and Kern
  // are counties. Which is the largest?"); greetings, fillers and remarks about the asker are not.
  const firstSentence = clauses[best.i]?.sentence ?? 0;
  const context = clauses.filter((clause) => clause.sentence < firstSentence && askingOf(clause.text, false).asking === "none");
  const contextText = [...new Set(context.map((clause) => clause.sentence))]
    .map((sentence) =>
      context
        .filter((clause) => clause.sentence === sentence)
        .map((clause) => clause.text)
        .join(", "),
    )
    .filter((sentence) => !CLAUSE_START.test(sentence) && sentence.split(/\s+/).length >= 3)
    .join(". ");
  // A sentence that ends with a question mark is one question, whatever its commas.
  if (best.marked && best.asking === "direct")
    question = clauses
      .filter((clause) => clause.sentence === clauses[best.i]?.sentence)
      .map((clause) => clause.text)
      .join(", ");
  question = question.replace(/\s+(?:or (?:smth|something|what|nah|not|no)|or nah|and stuff|and all that|at all|even)$/i, "").trim();
  if (contextText !== "" && best.asking === "direct" && best.marked) question = `${contextText}. ${question}`;
  const contentWords = question
    .split(/\s+/)
    .filter((word) => !FILLER_SET.has(word.toLowerCase()) && !WH.has(word.toLowerCase()) && !AUX.has(word.toLowerCase()));
  if (quoted && contentWords.length <= 3) question = `${question} ${readForms(quoted, lexicon)}`;

  const sentence = clauses[best.i]?.text ?? "";
  // Before its fillers are trimmed too: "how about no" is rhetorical, "how about" is not.
  const raw = clauses[best.i]?.raw.replace(FILLER_AT_START, "") ?? "";
  if (
    RHETORICAL.some((pattern) => pattern.test(question) || pattern.test(sentence) || pattern.test(raw)) ||
    (best.asking === "marked" && TAG.test(message.trim()))
  ) {
    return { question, asking: best.asking, chatter: "rhetorical" };
  }
  if (addressed || (best.asking !== "indirect" && best.asking !== "request" && toPeople(question)))
    return { question, asking: best.asking, chatter: "to-people" };
  return { question, asking: best.asking };
}
