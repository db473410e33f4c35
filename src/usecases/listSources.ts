import type { SourceInfo } from "../answer/types.js";
import type { ServiceSource, WebSources, WebSourceStatus } from "./ports.js";
import type { Actor } from "./types.js";

export interface ListSourcesDeps {
  readonly services: Pick<ServiceSource, "current">;
  readonly webSources?: WebSources;
}

export interface SourcesList {
  readonly documents: readonly SourceInfo[];
  /** Moderators only, and only when there are web sources whose status could be read. */
  readonly web?: readonly WebSourceStatus[];
}

/**
 * The corpus's documents, for anyone; and, for moderators, how each web
 * source last fetched (an error may name the operator's own hosts).
 */
/** Never refused (an `Outcome` that is always `ok`): anyone may see what the bot answers from. */
export async function listSources(deps: ListSourcesDeps, actor: Actor): Promise<{ readonly ok: true; readonly value: SourcesList }> {
  const documents = deps.services.current.sources();
  const web = deps.webSources && actor.isModerator ? await deps.webSources().catch(() => undefined) : undefined;
  return { ok: true, value: { documents, ...(web && web.length > 0 ? { web } : {}) } };
}
