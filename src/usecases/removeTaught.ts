import { scopeOf } from "./scope.js";
import type { ServiceSource, StoreOf } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface RemoveTaughtDeps {
  readonly store?: StoreOf<"teaching">;
  readonly services: Pick<ServiceSource, "reload">;
}

export type RemoveTaughtRefusal =
  typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE | { readonly identifier: "untaught-unknown"; readonly context: { readonly id: string } };

/** Forgets a taught answer by its id (as `/taught` lists it, typed text accepted) and reindexes. */
export async function removeTaught(
  deps: RemoveTaughtDeps,
  actor: Actor,
  input: { readonly id: string | number },
): Promise<Outcome<{ readonly id: number }, RemoveTaughtRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const { store } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const id = Number(input.id);
  if (!Number.isInteger(id) || id <= 0 || !(await store.teaching.removeTaught(id, scopeOf(actor)))) {
    return refuse({ identifier: "untaught-unknown", context: { id: String(input.id) } });
  }
  await deps.services.reload?.("taught answer removed");
  return done({ id });
}
