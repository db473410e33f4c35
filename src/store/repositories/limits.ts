import { sql } from "kysely";
import type { RateBucket, RateHit } from "../types.js";
import type { RepositoryContext } from "./context.js";

/** Rate-limit buckets, kept in the database so every replica shares them. */
export class LimitsRepository {
  constructor(private readonly context: RepositoryContext) {}

  /**
   * Takes one request from `key`'s token bucket in one atomic statement. A
   * burst or refill of 0 or less means no limit (nothing is counted). `now`
   * is for tests.
   *
   * The bucket is one timestamp (the generic cell rate algorithm): the row of
   * `rate_windows` with `window_start` 0 keeps in `expires_at` when the
   * bucket is full again, and in `count` the refusals since the last request
   * allowed. A request is allowed while that moment is at most `burst - 1`
   * refills ahead of now; each allowed one moves it one refill on. A full
   * bucket's row is pruned like an ended window.
   */
  async take(key: string, { burst, refillEveryMs }: RateBucket, now: Date = new Date()): Promise<RateHit> {
    if (burst <= 0 || refillEveryMs <= 0) return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
    const at = now.getTime();
    // Whole milliseconds: the columns are integers on both databases.
    const interval = Math.max(1, Math.round(refillEveryMs));
    const latestAllowed = at + (Math.floor(burst) - 1) * interval;
    const allowed = sql<boolean>`rate_windows.expires_at <= ${latestAllowed}`;
    const row = await this.context.db
      .insertInto("rate_windows")
      .values({ key, window_start: 0, expires_at: at + interval, count: 0 })
      .onConflict((oc) =>
        oc.columns(["key", "window_start"]).doUpdateSet({
          expires_at: sql<number>`CASE WHEN ${allowed} THEN (CASE WHEN rate_windows.expires_at > ${at} THEN rate_windows.expires_at ELSE ${at} END) + ${interval} ELSE rate_windows.expires_at END`,
          count: sql<number>`CASE WHEN ${allowed} THEN 0 ELSE rate_windows.count + 1 END`,
        }),
      )
      .returning(["expires_at", "count"])
      .executeTakeFirstOrThrow();
    const refusals = Number(row.count);
    if (refusals === 0) return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
    return { allowed: false, firstRefusal: refusals === 1, retryAfterMs: Math.max(0, Number(row.expires_at) - latestAllowed) };
  }
}
