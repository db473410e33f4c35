import type { Platform } from "../store/types.js";

/**
 * Use cases are the moderators' (and members') actions as plain functions of
 * who acts and what they ask, returning data: `teach(deps, actor, input)`.
 * A chat handler and a web route call the same function, with the same
 * checks and effect, and each renders the outcome its own way. Nothing here
 * knows of chat turns, messages, HTML or HTTP.
 */

/**
 * A community: the scope that gaps, waiting questions, votes, taught answers'
 * authorship, pins and settings belong to, so a moderator of one server never
 * sees another's. `key` is stable and stored:
 * - Discord: `discord:<guild id>` (a DM: `discord:dm`, where nobody moderates);
 * - Telegram: `telegram:<chat id>` of the group (a private chat: `telegram:private`);
 * - the console: `console`, the operator's scope, which sees every community.
 */
export interface Community {
  readonly key: string;
  readonly platform: Platform;
  /** Shown on pages and in logs: the server's or group's name when known, else the key. */
  readonly name?: string;
}

/** The operator's scope: the console and the command-line tools see all communities. */
export const OPERATOR_COMMUNITY: Community = { key: "console", platform: "console", name: "Operator" };

/** Whether a scope sees every community's data (the operator) or only its own. */
export function seesAll(community: Community): boolean {
  return community.key === OPERATOR_COMMUNITY.key;
}

/** Who acts, wherever they act from (a chat command, a button, a web page). */
export interface Actor {
  readonly platform: Platform;
  /** The platform's user id; the store keeps it only as a salted hash. */
  readonly userId: string;
  /** How to name them in a citation of what they taught. */
  readonly displayName: string;
  readonly community: Community;
  /** Whether they moderate `community`; decided by the caller (the platform or the web session) before the call. */
  readonly isModerator: boolean;
}

/**
 * What a use case returns: its data, or a refusal with a stable identifier
 * (the same identifiers as chat notices, so wording lives in one place per
 * renderer) and the context to word it.
 */
export type Outcome<T, R extends Refusal = Refusal> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: R };

export interface Refusal {
  readonly identifier: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

export function done<T>(value: T): Outcome<T, never> {
  return { ok: true, value };
}

export function refuse<R extends Refusal>(refusal: R): Outcome<never, R> {
  return { ok: false, refusal };
}

/** The refusal every moderator-only use case gives to anyone else. */
export const MODERATORS_ONLY = { identifier: "moderators-only" } as const satisfies Refusal;

/** The refusal of a use case that needs the database when the bot runs without one, or it cannot write. */
export const STORE_UNAVAILABLE = { identifier: "store-unavailable" } as const satisfies Refusal;
