import type { Store } from "../store/index.js";
import type { Actor } from "./types.js";

/**
 * The salted hash the store keeps for whoever acts: given by a web session
 * (which never holds the platform id), else made from the platform id.
 */
export function actorHash(store: Pick<Store, "hashUser">, actor: Actor): string {
  return actor.userHash ?? store.hashUser(actor.platform, actor.userId);
}
