import { actorHash } from "./actorHash.js";
import type { TaughtEntry } from "../store/index.js";
import type { ServiceSource, StoreOf } from "./ports.js";
import { storeOrUndefined } from "./storeWrite.js";
import { MAX_TAUGHT_LENGTH } from "./taughtLimits.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export type TaughtTextRefusal =
  | typeof MODERATORS_ONLY
  | typeof STORE_UNAVAILABLE
  | { readonly identifier: "teach-usage" }
  | { readonly identifier: "teach-too-long"; readonly context: { readonly length: number; readonly max: number } };

export interface TeachDeps {
  readonly store?: StoreOf<"teaching" | "hashUser">;
  readonly services: Pick<ServiceSource, "reload">;
}

/** Why a question or answer cannot be taught as it is, if it cannot. */
export function taughtTextRefusal(question: string, answer: string): TaughtTextRefusal | undefined {
  if (question === "" || answer === "") return { identifier: "teach-usage" };
  for (const text of [answer, question]) {
    if (text.length > MAX_TAUGHT_LENGTH) return { identifier: "teach-too-long", context: { length: text.length, max: MAX_TAUGHT_LENGTH } };
  }
  return undefined;
}

/**
 * Teaches the bot an answer: stored, then indexed at once through a reload,
 * as a passage of the document "Moderators' answers" cited with the
 * moderator's name and the date.
 */
export async function teach(
  deps: TeachDeps,
  actor: Actor,
  input: { readonly question: string; readonly answer: string },
): Promise<Outcome<TaughtEntry, TaughtTextRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const { store } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const question = input.question.trim();
  const answer = input.answer.trim();
  const refusal = taughtTextRefusal(question, answer);
  if (refusal) return refuse(refusal);
  const entry = await storeOrUndefined(() =>
    store.teaching.addTaught({
      question,
      answer,
      moderatorName: actor.displayName,
      moderatorHash: actorHash(store, actor),
      platform: actor.platform,
      community: actor.community.key,
    }),
  );
  if (entry === undefined) return refuse(STORE_UNAVAILABLE);
  await deps.services.reload?.("taught answer");
  return done(entry);
}
