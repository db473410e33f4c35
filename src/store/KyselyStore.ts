import { sql, type Kysely } from "kysely";
import { AutoAnswerRepository } from "./autoAnswerRepository.js";
import type { Notifier } from "./notifier.js";
import { openRepositories, type Repositories } from "./repositories/index.js";
import { saltedHash } from "./saltedHash.js";
import type { Database } from "./schema.js";
import { SessionsRepository } from "./sessionsRepository.js";
import type { Store } from "./Store.js";
import type { Platform } from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Claims only guard against redelivery, which platforms give up on well within a day. */
const CLAIM_TTL_MS = DAY_MS;

/**
 * The store on either engine: the repositories over one Kysely database, so
 * SQLite and PostgreSQL share one implementation and the contract tests hold
 * for both; here only what concerns the whole database.
 */
export class KyselyStore implements Store {
  readonly healthy = true;
  readonly sessions: SessionsRepository;
  readonly autoAnswer: AutoAnswerRepository;
  readonly answers: Repositories["answers"];
  readonly gaps: Repositories["gaps"];
  readonly teaching: Repositories["teaching"];
  readonly deliveries: Repositories["deliveries"];
  readonly limits: Repositories["limits"];
  readonly learning: Repositories["learning"];

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: "sqlite" | "postgres",
    private readonly salt: string,
    private readonly retentionDays: number,
    private readonly notifier: Notifier,
    /**
     * Throws when the database's file is gone or replaced (SQLite): writes
     * would then go to a deleted file and be lost at the next start.
     */
    private readonly checkFile: () => void = () => undefined,
  ) {
    this.sessions = new SessionsRepository(db);
    this.autoAnswer = new AutoAnswerRepository(db);
    const repositories = openRepositories({ db, salt, checkFile });
    this.answers = repositories.answers;
    this.gaps = repositories.gaps;
    this.teaching = repositories.teaching;
    this.deliveries = repositories.deliveries;
    this.limits = repositories.limits;
    this.learning = repositories.learning;
  }

  hashUser(platform: Platform, userId: string): string {
    return saltedHash(this.salt, `${platform}:${userId}`);
  }

  /** A cheap write that fails as real writes would (read-only, full disk, deleted file): for readiness. */
  async probeWrite(): Promise<void> {
    this.checkFile();
    const value = String(Date.now());
    await this.db
      .insertInto("store_meta")
      .values({ key: "write_probe", value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
  }

  async prune(now: Date = new Date()): Promise<void> {
    const cutoff = now.getTime() - this.retentionDays * DAY_MS;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom("votes")
        .where("answer_id", "in", (eb) => eb.selectFrom("answers").select("id").where("created_at", "<", cutoff))
        .execute();
      await tx.deleteFrom("answers").where("created_at", "<", cutoff).execute();
      await tx.deleteFrom("sent_messages").where("created_at", "<", cutoff).execute();
    });
    await this.db
      .deleteFrom("claims")
      .where("created_at", "<", now.getTime() - CLAIM_TTL_MS)
      .execute();
    await this.db.deleteFrom("rate_windows").where("expires_at", "<=", now.getTime()).execute();
    await this.sessions.prune(now);
    await this.autoAnswer.prune(now);
    await this.learning.prune(new Date(cutoff));
  }

  publish(channel: string, payload: string): Promise<void> {
    return this.notifier.publish(channel, payload);
  }

  subscribe(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    return this.notifier.subscribe(channel, listener);
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.db.destroy();
  }
}
