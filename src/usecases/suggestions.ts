import type { Suggestion, TaughtEntry } from "../store/index.js";
import { actorHash } from "./actorHash.js";
import type { StoreOf } from "./ports.js";
import { scopeOf } from "./scope.js";
import { storeOrUndefined } from "./storeWrite.js";
import { teach, type TaughtTextRefusal, type TeachDeps } from "./teach.js";
import { done, refuse, seesAll, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

/** A moderator's reply offered as an answer, as moderators see it: by its author's name, never their hash. */
export interface SuggestionItem {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly author: string;
  /** A link to the reply. */
  readonly link: string;
}

export function suggestionItem({ id, question, answer, authorName, link }: Suggestion): SuggestionItem {
  return { id, question, answer, author: authorName, link };
}

export interface SuggestionsDeps extends TeachDeps {
  readonly store?: StoreOf<"teaching" | "hashUser" | "learning">;
}

export type DecideSuggestionRefusal =
  | TaughtTextRefusal
  | { readonly identifier: "suggestion-unknown" }
  /** Decided already: by another click, another moderator, another replica. */
  | { readonly identifier: "suggestion-decided" };

export type SuggestionDecision =
  | { readonly decision: "taught"; readonly suggestion: Suggestion; readonly entry: TaughtEntry }
  | { readonly decision: "ignored"; readonly suggestion: Suggestion };

/**
 * Whether the actor may decide on a suggestion: a moderator of its community
 * (the operator of every one), or its author when they moderated the
 * community when they replied, from wherever they click (the private chat
 * the bot asked them in has no community of its own).
 */
function mayDecide(store: Pick<SuggestionsDeps["store"] & object, "hashUser">, actor: Actor, suggestion: Suggestion): boolean {
  if (actor.isModerator && (seesAll(actor.community) || actor.community.key === suggestion.community)) return true;
  return suggestion.authorModerator && actorHash(store, actor) === suggestion.authorHash;
}

/**
 * ✅ Teach or ✖ Ignore on a moderator's reply offered as an answer. Taught,
 * it goes through the teaching path as its author's answer (cited with their
 * name), and the waiting question it answered stops waiting. Decided once:
 * a second click is told it was decided already.
 */
export async function decideSuggestion(
  deps: SuggestionsDeps,
  actor: Actor,
  input: { readonly id: number; readonly decision: "teach" | "ignore" },
): Promise<Outcome<SuggestionDecision, DecideSuggestionRefusal | typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE>> {
  const { store } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const suggestion = await store.learning.suggestion(input.id);
  // Another community's suggestion is as unknown as a missing one: ids say nothing across communities.
  if (!suggestion || !(seesAll(actor.community) || actor.community.key === suggestion.community || mayDecide(store, actor, suggestion)))
    return refuse({ identifier: "suggestion-unknown" });
  if (!mayDecide(store, actor, suggestion)) return refuse(MODERATORS_ONLY);
  if (suggestion.status !== "pending") return refuse({ identifier: "suggestion-decided" });
  const status = input.decision === "teach" ? "taught" : "ignored";
  const claimed = await storeOrUndefined(() => store.learning.decide(suggestion.id, status));
  if (claimed === undefined) return refuse(STORE_UNAVAILABLE);
  if (!claimed) return refuse({ identifier: "suggestion-decided" });
  if (status === "ignored") return done({ decision: "ignored", suggestion: { ...suggestion, status } });
  // Cited as its author's answer: the moderator who wrote it, whoever clicked.
  const author: Actor = {
    platform: suggestion.platform,
    userId: "",
    userHash: suggestion.authorHash,
    displayName: suggestion.authorName,
    community: { key: suggestion.community, platform: suggestion.platform },
    isModerator: true,
  };
  const taught = await teach(deps, author, { question: suggestion.question, answer: suggestion.answer });
  if (!taught.ok) {
    // Nothing was taught: the suggestion stays to be decided again.
    await store.learning.reopen(suggestion.id).catch(() => undefined);
    return taught;
  }
  await store.learning.taught(suggestion, taught.value.id);
  return done({ decision: "taught", suggestion: { ...suggestion, status, taughtId: taught.value.id }, entry: taught.value });
}

/** The suggestions nobody decided on yet, newest first, for moderators (`/gaps`, the web page). */
export async function listSuggestions(
  deps: { readonly store?: StoreOf<"learning"> },
  actor: Actor,
  input: { readonly limit?: number } = {},
): Promise<Outcome<readonly Suggestion[], typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  if (!deps.store) return refuse(STORE_UNAVAILABLE);
  return done(await deps.store.learning.pendingSuggestions({ limit: input.limit ?? 10, ...scopeOf(actor) }));
}
