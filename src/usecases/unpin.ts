import { scopeOf } from "./scope.js";
import type { StoreOf } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface UnpinDeps {
  readonly store?: StoreOf<"teaching">;
}

export type UnpinRefusal =
  typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE | { readonly identifier: "pin-unknown"; readonly context: { readonly questionKey: string } };

/** Removes the pin of a question (by its key, as `listPins` gives it); the question is then answered from the corpus again. */
export async function unpin(
  deps: UnpinDeps,
  actor: Actor,
  input: { readonly questionKey: string },
): Promise<Outcome<{ readonly questionKey: string }, UnpinRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.store) return refuse(STORE_UNAVAILABLE);
  if (!(await deps.store.teaching.removePin(input.questionKey, scopeOf(actor))))
    return refuse({ identifier: "pin-unknown", context: { questionKey: input.questionKey } });
  return done({ questionKey: input.questionKey });
}
