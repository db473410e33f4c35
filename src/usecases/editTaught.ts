import { scopeOf } from "./scope.js";
import type { TaughtEntry } from "../store/index.js";
import type { ServiceSource, StoreOf } from "./ports.js";
import { storeOrUndefined } from "./storeWrite.js";
import { taughtTextRefusal, type TaughtTextRefusal } from "./teach.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface EditTaughtDeps {
  readonly store?: StoreOf<"teaching">;
  readonly services: Pick<ServiceSource, "reload">;
}

export type EditTaughtRefusal = TaughtTextRefusal | { readonly identifier: "untaught-unknown"; readonly context: { readonly id: string } };

/** Changes a taught answer's question and/or answer (what is not given stays), with teach's checks, and reindexes. */
export async function editTaught(
  deps: EditTaughtDeps,
  actor: Actor,
  input: { readonly id: number; readonly question?: string; readonly answer?: string },
): Promise<Outcome<TaughtEntry, EditTaughtRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const { store } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const unknown = refuse({ identifier: "untaught-unknown", context: { id: String(input.id) } } as const);
  const current = (await store.teaching.listTaught(scopeOf(actor))).find((entry) => entry.id === input.id);
  if (!current) return unknown;
  const question = input.question?.trim() ?? current.question;
  const answer = input.answer?.trim() ?? current.answer;
  const refusal = taughtTextRefusal(question, answer);
  if (refusal) return refuse(refusal);
  const updated = await storeOrUndefined(() => store.teaching.updateTaught(input.id, { question, answer }, scopeOf(actor)));
  // Undefined twice over: the store could not write, or another moderator removed the entry meanwhile.
  if (updated === undefined) return refuse(STORE_UNAVAILABLE);
  await deps.services.reload?.("taught answer edited");
  return done(updated);
}
