import type { FetchWebSource, WebSourceFetch } from "./ports.js";
import { done, refuse, MODERATORS_ONLY, type Actor, type Outcome } from "./types.js";

export interface FetchSourceNowDeps {
  /** Absent where the bot fetches no web sources (the command-line tools, a corpus without sources.yaml). */
  readonly fetchSource?: FetchWebSource;
}

export type FetchSourceNowRefusal =
  typeof MODERATORS_ONLY | { readonly identifier: "fetch-unavailable" } | { readonly identifier: "source-unknown"; readonly context: { readonly url: string } };

/**
 * Fetches one web source now instead of at its next interval, for a
 * moderator who knows the page changed; the corpus is reloaded when its
 * documents did. A failed fetch is an outcome, not a refusal: the report
 * carries the error, and the bot keeps the copy it had.
 */
export async function fetchSourceNow(
  deps: FetchSourceNowDeps,
  actor: Actor,
  input: { readonly url: string },
): Promise<Outcome<WebSourceFetch, FetchSourceNowRefusal>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.fetchSource) return refuse({ identifier: "fetch-unavailable" });
  const report = await deps.fetchSource(input.url);
  if (!report) return refuse({ identifier: "source-unknown", context: { url: input.url } });
  return done(report);
}
