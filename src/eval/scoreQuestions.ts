import type { Answer } from "../answer/types.js";

/** One line of a question file: `expect` phrases for answerable ones, `abstain` for the others. */
export interface EvalQuestion {
  readonly q: string;
  readonly expect?: readonly string[];
  readonly abstain?: boolean;
}

/** What scoring reads of an answer, so that other systems can be scored the same way. */
export interface ScoredAnswer {
  readonly answered: boolean;
  readonly snippets: readonly { readonly text: string }[];
}

export interface EvalResult<A extends ScoredAnswer = Answer> {
  readonly question: EvalQuestion;
  readonly answer: A;
  readonly pass: boolean;
}

export interface EvalReport<A extends ScoredAnswer = Answer> {
  readonly answerable: number;
  /** Answerable questions whose top snippet contains an expected phrase. */
  readonly hits: number;
  readonly unanswerable: number;
  /** Unanswerable questions the service declined. */
  readonly abstained: number;
  /** Mean length of the top snippet over answered questions. */
  readonly meanTopLength: number;
  readonly results: readonly EvalResult<A>[];
}

/** Parses a JSONL question file, naming the line of any bad entry. */
export function parseQuestions(text: string): EvalQuestion[] {
  return text
    .split("\n")
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== "")
    .map(([line, number]) => {
      const value = JSON.parse(line) as EvalQuestion;
      if (typeof value.q !== "string") throw new Error(`line ${number}: "q" must be a string`);
      return value;
    });
}

/** Case-insensitive containment, ignoring typographic quote differences. */
function contains(text: string, phrase: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  return fold(text).includes(fold(phrase));
}

/** Scores answers against expectations: the top snippet must contain one expected phrase. */
export function scoreQuestions<A extends ScoredAnswer = Answer>(questions: readonly EvalQuestion[], ask: (q: string) => A): EvalReport<A> {
  let hits = 0;
  let abstained = 0;
  let answerable = 0;
  let lengthSum = 0;
  let answered = 0;
  const results = questions.map((question) => {
    const answer = ask(question.q);
    const top = answer.snippets[0]?.text;
    if (answer.answered && top !== undefined) {
      answered++;
      lengthSum += top.length;
    }
    let pass: boolean;
    if (question.abstain) {
      pass = !answer.answered;
      if (pass) abstained++;
    } else {
      answerable++;
      pass = top !== undefined && (question.expect ?? []).some((phrase) => contains(top, phrase));
      if (pass) hits++;
    }
    return { question, answer, pass };
  });
  return {
    answerable,
    hits,
    unanswerable: questions.length - answerable,
    abstained,
    meanTopLength: answered === 0 ? 0 : lengthSum / answered,
    results,
  };
}
