import type { AnswerService } from "../answer/AnswerService.js";
import type { Store } from "../store/index.js";

/** How a reload of the answer service went. */
export type ReloadOutcome =
  { readonly ok: true; readonly version: string; readonly ms: number; readonly changed: boolean } | { readonly ok: false; readonly error: Error };

/** The current answer service, which a reload may replace at any time. */
export interface ServiceSource {
  readonly current: AnswerService;
  reload?(reason: string): Promise<ReloadOutcome>;
}

/** A web source's last fetch, shown to moderators under /sources. */
export interface WebSourceStatus {
  readonly url: string;
  /** Documents of its last good copy. */
  readonly documents: number;
  /** Last attempt and last success, ISO date-times. */
  readonly fetchedAt?: string;
  readonly succeededAt?: string;
  /** Why the last attempt failed; absent after a success. */
  readonly error?: string;
}

/** The web sources' last fetches; absent without web sources. */
export type WebSources = () => Promise<readonly WebSourceStatus[]>;

/** How a fetch of one web source went (src/sources/fetchSources.ts's report). */
export interface WebSourceFetch {
  readonly url: string;
  readonly result: "fetched" | "not-modified" | "fresh" | "failed";
  readonly documents: number;
  /** Its documents changed: the corpus is reloaded. */
  readonly changed: boolean;
  readonly error?: string;
}

/** Fetches one web source now; undefined when the bot has no web source with that URL. */
export type FetchWebSource = (url: string) => Promise<WebSourceFetch | undefined>;

/** Each use case asks for the few store members it uses, so tests and callers give only those. */
export type StoreOf<K extends keyof Store> = Pick<Store, K>;
