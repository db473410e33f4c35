import { timingSafeEqual } from "node:crypto";
import type { Platform, WebSession } from "../../store/index.js";
import { OPERATOR_COMMUNITY, seesAll, type Actor, type Community } from "../../usecases/types.js";

/** The session cookie's name; its path is /admin, so nothing else of the bot's server ever sees it. */
export const SESSION_COOKIE = "cited_admin";

/** Tokens and ids as the store makes them: 32 random bytes, base64url. Anything else is refused unread. */
const SECRET_FORM = /^[\w-]{43}$/;

export function isSecretForm(value: unknown): value is string {
  return typeof value === "string" && SECRET_FORM.test(value);
}

/** Compares a form's CSRF token with the session's in constant time. */
export function csrfMatches(session: WebSession, sent: unknown): boolean {
  if (typeof sent !== "string") return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The community a key names, as the use cases scope by it. */
export function communityOf(key: string, name?: string): Community {
  if (key === OPERATOR_COMMUNITY.key) return OPERATOR_COMMUNITY;
  const prefix = key.split(":", 1)[0];
  const platform: Platform = prefix === "discord" || prefix === "telegram" ? prefix : "console";
  return { key, platform, ...(name ? { name } : {}) };
}

/**
 * Who acts on a page: the session's moderator, in the session's community;
 * the operator may narrow the view to one community (`?community=`), a
 * moderator may not look at another's (undefined: refused).
 */
export function actorOf(session: WebSession, requested: string | undefined): Actor | undefined {
  const own = communityOf(session.communityKey, session.communityName);
  let community = own;
  if (requested !== undefined && requested !== own.key) {
    if (!seesAll(own)) return undefined;
    community = communityOf(requested);
  }
  // The session keeps only the moderator's salted hash (no platform id): the use cases take it as is.
  return { platform: session.platform, userId: session.userHash, userHash: session.userHash, displayName: session.displayName, community, isModerator: true };
}

/** How the page names the community it shows. */
export function communityLabel(actor: Actor): string {
  if (seesAll(actor.community)) return "Operator (all communities)";
  return actor.community.name ? `${actor.community.name} (${actor.community.key})` : actor.community.key;
}
