import { scopeOf } from "./scope.js";
import type { TaughtEntry } from "../store/index.js";
import type { StoreOf } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface ListTaughtDeps {
  readonly store?: StoreOf<"teaching">;
}

/** Every taught answer, oldest first. */
export async function listTaught(
  deps: ListTaughtDeps,
  actor: Actor,
): Promise<Outcome<readonly TaughtEntry[], typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.store) return refuse(STORE_UNAVAILABLE);
  return done(await deps.store.teaching.listTaught(scopeOf(actor)));
}
