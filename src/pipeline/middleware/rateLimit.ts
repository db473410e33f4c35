import type { Intent } from "../types.js";
import type { Middleware } from "../Pipeline.js";
import { notice } from "../types.js";

export interface RateLimitOptions {
  /**
   * Questions one person may ask per window on one platform; 0 turns the
   * limit off.
   * @default 10: more than a person reads in a minute, fewer than a script sends
   */
  readonly limit: number;
  /** @default 60000 ms */
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMIT = { limit: 10, windowMs: 60_000 } as const satisfies Required<RateLimitOptions>;

/** What counts against the limit: requests that make the bot search the corpus. */
function costs(intent: Intent): boolean {
  if (intent.kind === "question") return intent.via !== "inline";
  return intent.kind === "command" && ["ask", "topic", "summary"].includes(intent.command.kind);
}

/**
 * Fair use: over the limit a person gets one short private notice, then
 * silence until the window passes, so one flood cannot delay everyone else.
 * Counted in the store, so the limit holds across replicas; moderators are
 * exempt (asked only once someone is over the limit, since asking may cost a
 * platform call).
 */
export function rateLimit(options: RateLimitOptions = DEFAULT_RATE_LIMIT): Middleware {
  return async (turn, next) => {
    const { store, metrics } = turn.deps;
    const { request } = turn;
    if (options.limit <= 0 || !store || !costs(request.intent)) return next();
    const key = `rate:${request.platform}:${store.hashUser(request.platform, request.user.id)}`;
    const hit = await store.hit(key, options.windowMs, options.limit);
    if (hit.allowed || (await request.isModerator())) return next();
    metrics?.rateLimited(request.platform);
    if (!hit.firstRefusal) return { kind: "none", why: "rate-limited" };
    return notice("rate-limited", { seconds: Math.ceil(options.windowMs / 1000) });
  };
}
