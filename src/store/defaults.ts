/**
 * The store's tuning and its defaults, in a module of their own (no
 * imports) so the configuration reader can take them from here instead of
 * restating them.
 */
export interface StoreTuning {
  /**
   * Days answers and votes are kept (RETENTION_DAYS).
   * @default 90: a season of questions for the gap report, no longer than needed
   */
  retentionDays?: number;
  /**
   * How often old rows are pruned: at start, then at this interval. 0 turns
   * automatic pruning off (read-only tools such as the report; tests).
   * @default 3_600_000 (one hour): retention is counted in days, claims in a day
   */
  pruneEveryMs?: number;
  /**
   * How often an unreachable database is tried again.
   * @default 2000: an outage of seconds ends in seconds
   */
  recheckEveryMs?: number;
  /**
   * How long connecting to PostgreSQL may take, and one query.
   * @default 5000: long enough for a busy server, short enough for a start-up error to come soon
   */
  timeoutMs?: number;
}

export const STORE_DEFAULTS = {
  retentionDays: 90,
  pruneEveryMs: 3_600_000,
  recheckEveryMs: 2000,
  timeoutMs: 5000,
} satisfies Required<StoreTuning>;
