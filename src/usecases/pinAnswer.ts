import { actorHash } from "./actorHash.js";
import type { Snippet } from "../answer/types.js";
import type { AnswerService } from "../answer/AnswerService.js";
import type { CitedPassage, Pin } from "../store/index.js";
import type { StoreOf } from "./ports.js";
import { storeOrUndefined } from "./storeWrite.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface PinAnswerDeps {
  readonly store?: StoreOf<"answers" | "teaching" | "hashUser">;
  /** The answer service that quotes the answer's passages (a chat turn's own, fixed when it arrived). */
  readonly service: Pick<AnswerService, "keyTerms" | "quoteAt" | "neighbours">;
}

export type PinAnswerRefusal =
  | typeof MODERATORS_ONLY
  | typeof STORE_UNAVAILABLE
  /** The answer was a refusal (nothing to pin). */
  | { readonly identifier: "not-an-answer" }
  /** The answer is forgotten, or its quotes are no longer in the corpus. */
  | { readonly identifier: "answer-unavailable" };

/** A quote to pin: `n` is 1-based, as moderators type it in `/pin <n>`. */
export interface PinCandidate {
  readonly n: number;
  readonly label: string;
}

export type PinAnswerResult =
  | { readonly kind: "choices"; readonly answerId: string; readonly choices: readonly PinCandidate[] }
  | { readonly kind: "pinned"; readonly n: number; readonly question: string; readonly section: string; readonly pin: Pin };

/**
 * Pins a quote as the answer to the question an answer was given for: the
 * `n`th of the answer's quotes and the sentences next to them. Without `n`
 * (or with one out of range), returns the quotes to choose from.
 */
export async function pinAnswer(
  deps: PinAnswerDeps,
  actor: Actor,
  input: { readonly answerId: string; readonly n?: number },
): Promise<Outcome<PinAnswerResult, PinAnswerRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const { store, service } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const record = await store.answers.get(input.answerId);
  if (!record) return refuse({ identifier: "answer-unavailable" });
  if (!record.answered) return refuse({ identifier: "not-an-answer" });
  const choices = pinChoices(service, record.passages);
  if (choices.length === 0) return refuse({ identifier: "answer-unavailable" });
  const chosen = input.n === undefined ? undefined : choices[input.n - 1];
  if (!chosen) return done({ kind: "choices", answerId: input.answerId, choices: choices.map((choice, i) => ({ n: i + 1, label: choice.text })) });
  const pin = await storeOrUndefined(() =>
    store.teaching.addPin({
      questionKey: service.keyTerms(record.question).join(" "),
      question: record.question,
      documentId: chosen.documentId,
      sectionSlug: chosen.sectionSlug,
      start: chosen.start,
      end: chosen.end,
      text: chosen.text,
      moderatorHash: actorHash(store, actor),
      community: actor.community.key,
    }),
  );
  if (pin === undefined) return refuse(STORE_UNAVAILABLE);
  return done({ kind: "pinned", n: input.n ?? 1, question: record.question, section: chosen.section, pin });
}

/** The answer's quotes and the sentences next to them, each once, in order. */
function pinChoices(service: PinAnswerDeps["service"], passages: readonly CitedPassage[]): Snippet[] {
  const seen = new Set<string>();
  const choices: Snippet[] = [];
  for (const passage of passages) {
    const quote = service.quoteAt(passage.documentId, passage.start, passage.end);
    if (!quote) continue;
    for (const choice of [quote, ...service.neighbours(quote.documentId, quote.start, quote.end)]) {
      const key = `${choice.documentId}:${choice.start}:${choice.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      choices.push(choice);
    }
  }
  return choices.slice(0, 10);
}
