import { scopeOf } from "./scope.js";
import type { Pin } from "../store/index.js";
import type { ServiceSource, StoreOf } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

export interface ListPinsDeps {
  readonly store?: StoreOf<"teaching">;
  readonly services: Pick<ServiceSource, "current">;
}

/** A pin, and whether it still holds: its quote is still in the corpus, word for word (else answers ignore it). */
export interface PinStatus {
  readonly pin: Pin;
  readonly holds: boolean;
}

/** Every pin, with whether it still holds in the current corpus. */
export async function listPins(deps: ListPinsDeps, actor: Actor): Promise<Outcome<readonly PinStatus[], typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.store) return refuse(STORE_UNAVAILABLE);
  const service = deps.services.current;
  const pins = await deps.store.teaching.listPins(scopeOf(actor));
  // The same test answering applies: a pin is used only where its text is found in its document.
  return done(pins.map((pin) => ({ pin, holds: service.locate(pin.documentId, pin.text) !== undefined })));
}
