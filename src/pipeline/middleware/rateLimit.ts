import type { Intent, Request } from "../types.js";
import type { Middleware } from "../Pipeline.js";
import { notice } from "../types.js";
import { withDefaults } from "../../withDefaults.js";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "../defaults.js";

export { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "../defaults.js";

/** Most people whose moderator answer is remembered at once; a flood of new names forgets the oldest. */
const REMEMBERED_PEOPLE = 10_000;

/**
 * What counts against the limit: requests that make the bot search or
 * summarise the corpus. Topic commands (answered from a cache), help and
 * votes cost nothing and are never refused.
 */
function costs(intent: Intent): boolean {
  if (intent.kind === "question") return true;
  return intent.kind === "command" && ["ask", "summary"].includes(intent.command.kind);
}

/**
 * Fair use, as a token bucket per person and platform: a burst of requests
 * (a new member exploring) passes, then a steady rate. Over it a person gets
 * one short private notice saying when to try again, then silence until a
 * request passes again, so one flood cannot delay everyone else. The bucket
 * is kept in the store, so the limit holds across replicas. Moderators are
 * exempt; whether someone is one is asked only once they are over the
 * limit, and then at most once per window (asking may cost a platform call,
 * such as Telegram's `getChatMember`). Inline queries count like questions;
 * over the limit they get no results (Telegram shows none), not a notice.
 */
export function rateLimit(options: RateLimitOptions = DEFAULT_RATE_LIMIT): Middleware {
  const { limit, windowMs, burst } = withDefaults<RateLimitOptions>(DEFAULT_RATE_LIMIT, options);
  const bucket = { burst: Math.max(1, burst), refillEveryMs: windowMs / Math.max(1, limit) };
  const moderators = new RememberedAnswers(windowMs, REMEMBERED_PEOPLE);
  return async (turn, next) => {
    const { store, metrics } = turn.deps;
    const { request } = turn;
    if (limit <= 0 || !store || !costs(request.intent)) return next();
    const key = `rate:${request.platform}:${store.hashUser(request.platform, request.user.id)}`;
    const hit = await store.limits.take(key, bucket);
    // Per chat: someone may moderate one group and not another.
    if (hit.allowed || (await moderators.ask(`${key}:${request.chat.id}`, () => isModerator(request)))) return next();
    metrics?.rateLimited(request.platform);
    const preview = request.intent.kind === "question" && request.intent.preview === true;
    if (!hit.firstRefusal || preview) return { kind: "none", why: "rate-limited" };
    return notice("rate-limited", { seconds: Math.max(1, Math.ceil(hit.retryAfterMs / 1000)) });
  };
}

/** A platform that cannot say is taken as "not a moderator": the limit then holds, which is the safe side. */
async function isModerator(request: Request): Promise<boolean> {
  return request.isModerator().catch(() => false);
}

/** Yes/no answers remembered per key for a while, bounded in number. */
class RememberedAnswers {
  readonly #answers = new Map<string, { value: boolean; until: number }>();

  constructor(
    private readonly forMs: number,
    private readonly most: number,
  ) {}

  async ask(key: string, question: () => Promise<boolean>, now = Date.now()): Promise<boolean> {
    const known = this.#answers.get(key);
    if (known && known.until > now) return known.value;
    const value = await question();
    this.#answers.delete(key);
    this.#answers.set(key, { value, until: Date.now() + this.forMs });
    // A Map iterates in insertion order: the first key is the one answered longest ago.
    if (this.#answers.size > this.most) this.#answers.delete(this.#answers.keys().next().value as string);
    return value;
  }
}
