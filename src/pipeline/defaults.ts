/**
 * The pipeline's options and their defaults, in a module of their own (no
 * imports) so the configuration reader takes them from here instead of
 * restating them.
 */

/**
 * Per-person fair use, as a token bucket: `burst` requests at once, then
 * `limit` more per `windowMs` as the bucket refills.
 */
export interface RateLimitOptions {
  /**
   * Requests one person gets back per window on one platform (the steady
   * rate); 0 turns the limit off.
   * @default 10: more than a person reads in a minute, fewer than a script sends
   */
  readonly limit?: number;
  /** @default 60000 ms */
  readonly windowMs?: number;
  /**
   * Requests one person may make at once, the bucket full.
   * @default 20: a new member can try every topic, a summary and a few
   * questions in their first minute without being stopped
   */
  readonly burst?: number;
}

export const DEFAULT_RATE_LIMIT = { limit: 10, windowMs: 60_000, burst: 20 } as const satisfies Required<RateLimitOptions>;

export interface ClaimOptions {
  /**
   * How long a claim on a delivery is held before another replica (or a
   * restart) may answer it, if it was never settled: the claimant died mid-answer.
   * @default 120000 ms: longer than an answer can take, its send's own retries
   * included (three waits of up to 30 s), so a live replica is never doubled
   */
  readonly leaseMs?: number;
}

export const DEFAULT_CLAIM_OPTIONS = { leaseMs: 120_000 } as const satisfies Required<ClaimOptions>;

/** Auto-answering's limits (issue 18; see src/pipeline/auto/). */
export interface AutoAnswerLimits {
  /**
   * At most this many automatic answers per channel per hour, shared by
   * every replica; 0 turns automatic answers off everywhere.
   * @default 20: a busy channel gets help, and a flood of questions never
   * turns the channel into the bot's
   */
  readonly hourlyCap?: number;
  /**
   * No automatic answers in a thread or reply chain for this long after a
   * moderator wrote there.
   * @default 1800000 ms (30 minutes): staff are in the conversation, and the
   * bot talking over them is the complaint people have of such bots
   */
  readonly backOffMs?: number;
}

export const DEFAULT_AUTO_ANSWER_LIMITS = { hourlyCap: 20, backOffMs: 30 * 60 * 1000 } as const satisfies Required<AutoAnswerLimits>;
