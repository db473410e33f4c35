import type { Scope } from "../store/index.js";
import { seesAll, type Actor } from "./types.js";

/** The rows an actor may see: their community's, or every community's for the operator. */
export function scopeOf(actor: Actor): Scope {
  return seesAll(actor.community) ? {} : { community: actor.community.key };
}
