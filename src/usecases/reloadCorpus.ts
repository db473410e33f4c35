import type { ServiceSource } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, type Actor, type Outcome } from "./types.js";

export interface ReloadCorpusDeps {
  readonly services: Pick<ServiceSource, "reload">;
}

export type ReloadCorpusRefusal =
  | typeof MODERATORS_ONLY
  /** The bot runs without a reloadable corpus (tests, tools). */
  | { readonly identifier: "reload-unavailable" }
  /** The corpus could not be read; the old answer service stays. */
  | { readonly identifier: "reload-failed"; readonly context: { readonly message: string } };

/** Rebuilds the answer service from the corpus folder now, keeping the old one if that fails. */
export async function reloadCorpus(
  deps: ReloadCorpusDeps,
  actor: Actor,
  input: { readonly reason: string },
): Promise<Outcome<{ readonly version: string; readonly ms: number; readonly changed: boolean }, ReloadCorpusRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.services.reload) return refuse({ identifier: "reload-unavailable" });
  const outcome = await deps.services.reload(input.reason);
  return outcome.ok
    ? done({ version: outcome.version, ms: outcome.ms, changed: outcome.changed })
    : refuse({ identifier: "reload-failed", context: { message: outcome.error.message } });
}
