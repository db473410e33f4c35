import type { ClaimOutcome, InboxEntry } from "../types.js";
import type { RepositoryContext } from "./context.js";

/** Answering each platform update once, across replicas and restarts: delivery claims, and the Telegram inbox. */
export class DeliveriesRepository {
  constructor(private readonly context: RepositoryContext) {}

  /**
   * Claims a delivery for `leaseMs`, across replicas and restarts: the first
   * caller gets it; while its lease runs, others hear "in-progress"; once it
   * is settled, "answered". A lease that ran out unsettled (its holder died
   * mid-answer) goes to the next caller. Claims are pruned after a day.
   * `now` is for tests.
   */
  async claim(key: string, leaseMs: number, now: Date = new Date()): Promise<ClaimOutcome> {
    const at = now.getTime();
    // The primary key makes the insert the arbiter: of concurrent callers, on any replica, one row wins.
    // A lease that ran out unsettled is taken over by the same statement, so only one caller takes it.
    const won = await this.context.db
      .insertInto("claims")
      .values({ key, created_at: at, lease_until: at + leaseMs, settled: 0 })
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet({ created_at: at, lease_until: at + leaseMs })
          .where("claims.settled", "=", 0)
          .where("claims.lease_until", "<=", at),
      )
      .returning("key")
      .executeTakeFirst();
    if (won) return { outcome: "claimed" };
    const held = await this.context.db.selectFrom("claims").select(["settled", "lease_until"]).where("key", "=", key).executeTakeFirst();
    // Pruned in between: it was claimed a day ago, so it was answered or given up.
    if (!held || Number(held.settled) === 1) return { outcome: "answered" };
    return { outcome: "in-progress", leaseEndsAt: new Date(Number(held.lease_until)) };
  }

  /** Marks a claimed delivery answered: redeliveries of it are dropped from now on. */
  async settle(key: string): Promise<void> {
    await this.context.db.updateTable("claims").set({ settled: 1 }).where("key", "=", key).execute();
  }

  /** Keeps fetched updates until they are answered; one already kept stays as it was. */
  async keepInbox(entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.context.db
      .insertInto("inbox")
      .values(entries.map((entry) => ({ source: entry.source, update_id: entry.updateId, payload: entry.payload, received_at: entry.receivedAt.getTime() })))
      // Fetched again (a refetch after a restart): the first copy, and when it came, stay.
      .onConflict((oc) => oc.columns(["source", "update_id"]).doNothing())
      .execute();
  }

  /** The updates `source` fetched and has not answered, in the order fetched (update id). */
  async inbox(source: string): Promise<InboxEntry[]> {
    const rows = await this.context.db.selectFrom("inbox").selectAll().where("source", "=", source).orderBy("update_id").execute();
    return rows.map((row) => ({ source: row.source, updateId: Number(row.update_id), payload: row.payload, receivedAt: new Date(Number(row.received_at)) }));
  }

  /** Forgets an update once it is answered (or given up for good). */
  async dropInbox(source: string, updateId: number): Promise<void> {
    await this.context.db.deleteFrom("inbox").where("source", "=", source).where("update_id", "=", updateId).execute();
  }

  /** Forgets updates received before `before`, of every source; resolves to how many. */
  async pruneInbox(before: Date): Promise<number> {
    const result = await this.context.db.deleteFrom("inbox").where("received_at", "<", before.getTime()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
