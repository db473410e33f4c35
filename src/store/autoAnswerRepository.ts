import { sql, type Kysely } from "kysely";
import type { Database } from "./schema.js";

/** A channel where the bot answers questions on its own (issue 18). */
export interface AutoAnswerChannel {
  /** `discord:<guild id>`, `telegram:<chat id>`: the community the channel belongs to. */
  readonly communityKey: string;
  /** The platform's channel id (Discord text or forum channel, Telegram group). */
  readonly channelId: string;
  /** Least confidence to answer; absent: the default of `judgeMessage`. */
  readonly threshold?: number;
  /** The salted hash of the moderator who turned it on. */
  readonly enabledBy: string;
  readonly enabledAt: Date;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Auto-answering's state, in the store so it holds across restarts and
 * replicas: where it is on, who opted out, which messages were answered (one
 * automatic answer per message, even with two replicas), each channel's
 * answers this hour, and where a moderator's message holds the bot back.
 */
export class AutoAnswerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Turns auto-answering on in a channel, or changes its threshold. */
  async enable(channel: Omit<AutoAnswerChannel, "enabledAt">, now: Date = new Date()): Promise<void> {
    const values = {
      community_key: channel.communityKey,
      channel_id: channel.channelId,
      threshold: channel.threshold ?? null,
      enabled_by: channel.enabledBy,
      enabled_at: now.getTime(),
    };
    await this.db
      .insertInto("autoanswer_channels")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["community_key", "channel_id"]).doUpdateSet({ threshold: values.threshold, enabled_by: values.enabled_by, enabled_at: values.enabled_at }),
      )
      .execute();
  }

  /** Resolves to whether it was on. */
  async disable(communityKey: string, channelId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("autoanswer_channels")
      .where("community_key", "=", communityKey)
      .where("channel_id", "=", channelId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** The channel's setting when auto-answering is on there. */
  async channel(communityKey: string, channelId: string): Promise<AutoAnswerChannel | undefined> {
    const row = await this.db
      .selectFrom("autoanswer_channels")
      .selectAll()
      .where("community_key", "=", communityKey)
      .where("channel_id", "=", channelId)
      .executeTakeFirst();
    return row && toChannel(row);
  }

  /** Where it is on: in one community, or everywhere (`undefined`, the operator). */
  async channels(communityKey?: string): Promise<AutoAnswerChannel[]> {
    let query = this.db.selectFrom("autoanswer_channels").selectAll();
    if (communityKey !== undefined) query = query.where("community_key", "=", communityKey);
    const rows = await query.orderBy("community_key").orderBy("channel_id").execute();
    return rows.map(toChannel);
  }

  async optOut(userHash: string, now: Date = new Date()): Promise<void> {
    await this.db
      .insertInto("autoanswer_optouts")
      .values({ user_hash: userHash, created_at: now.getTime() })
      .onConflict((oc) => oc.column("user_hash").doNothing())
      .execute();
  }

  /** Resolves to whether they had opted out. */
  async optIn(userHash: string): Promise<boolean> {
    const result = await this.db.deleteFrom("autoanswer_optouts").where("user_hash", "=", userHash).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async isOptedOut(userHash: string): Promise<boolean> {
    const row = await this.db.selectFrom("autoanswer_optouts").select("user_hash").where("user_hash", "=", userHash).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Claims the one automatic answer a message may get: true for the first
   * caller only, on any replica.
   */
  async claimMessage(messageKey: string, now: Date = new Date()): Promise<boolean> {
    const row = await this.db
      .insertInto("autoanswer_claims")
      .values({ message_key: messageKey, created_at: now.getTime() })
      .onConflict((oc) => oc.column("message_key").doNothing())
      .returning("message_key")
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Counts one automatic answer in a channel's current hour, unless `cap`
   * were reached; one atomic statement, so replicas share the cap.
   * Resolves to whether it was counted (false: the cap is reached).
   */
  async countAnswer(channelKey: string, cap: number, now: Date = new Date()): Promise<boolean> {
    if (cap <= 0) return false;
    const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const row = await this.db
      .insertInto("autoanswer_counts")
      .values({ channel_key: channelKey, hour_start: hour, count: 1 })
      .onConflict((oc) =>
        oc
          .columns(["channel_key", "hour_start"])
          .doUpdateSet({ count: sql<number>`autoanswer_counts.count + 1` })
          .where("autoanswer_counts.count", "<", cap),
      )
      .returning("count")
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Holds automatic answers back in each of `scopes` (threads, reply chains) until `until`. */
  async backOff(scopes: readonly string[], until: Date): Promise<void> {
    for (const scope of new Set(scopes)) {
      await this.db
        .insertInto("autoanswer_backoffs")
        .values({ scope_key: scope, until: until.getTime() })
        .onConflict((oc) => oc.column("scope_key").doUpdateSet({ until: until.getTime() }))
        .execute();
    }
  }

  /** Whether any of `scopes` is held back at `now`. */
  async backedOff(scopes: readonly string[], now: Date = new Date()): Promise<boolean> {
    if (scopes.length === 0) return false;
    const row = await this.db
      .selectFrom("autoanswer_backoffs")
      .select("scope_key")
      .where("scope_key", "in", [...scopes])
      .where("until", ">", now.getTime())
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Forgets message claims older than a day, past hours' counts and back-offs that ended. */
  async prune(now: Date = new Date()): Promise<void> {
    const at = now.getTime();
    await this.db
      .deleteFrom("autoanswer_claims")
      .where("created_at", "<", at - DAY_MS)
      .execute();
    await this.db
      .deleteFrom("autoanswer_counts")
      .where("hour_start", "<", at - HOUR_MS)
      .execute();
    await this.db.deleteFrom("autoanswer_backoffs").where("until", "<=", at).execute();
  }
}

function toChannel(row: {
  community_key: string;
  channel_id: string;
  threshold: number | null;
  enabled_by: string;
  enabled_at: number | string;
}): AutoAnswerChannel {
  return {
    communityKey: row.community_key,
    channelId: row.channel_id,
    ...(row.threshold === null ? {} : { threshold: Number(row.threshold) }),
    enabledBy: row.enabled_by,
    enabledAt: new Date(Number(row.enabled_at)),
  };
}
