import { sql, type Kysely, type Selectable } from "kysely";
import { groupGaps, type GapItem } from "./groupGaps.js";
import { AutoAnswerRepository } from "./autoAnswerRepository.js";
import type { Notifier } from "./notifier.js";
import { hashMessageKey, saltedHash } from "./saltedHash.js";
import type { Database } from "./schema.js";
import type {
  AnswerRecord,
  CitedPassage,
  ClaimOutcome,
  DownvotedAnswer,
  Gap,
  InboxEntry,
  Pin,
  Platform,
  RateBucket,
  RateHit,
  ReportData,
  SectionStats,
  Store,
  TaughtEntry,
  VoteOutcome,
} from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Claims only guard against redelivery, which platforms give up on well within a day. */
const CLAIM_TTL_MS = DAY_MS;

/**
 * The store on either engine: every query goes through Kysely, so SQLite and
 * PostgreSQL share this one implementation and the contract tests hold for
 * both.
 */
export class KyselyStore implements Store {
  readonly healthy = true;
  readonly autoAnswer: AutoAnswerRepository;

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
    this.autoAnswer = new AutoAnswerRepository(db);
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

  async recordAnswer(record: AnswerRecord): Promise<void> {
    // An answer recorded into a deleted file gets buttons that later say "no longer available".
    this.checkFile();
    await this.db
      .insertInto("answers")
      .values({
        id: record.id,
        platform: record.platform,
        user_hash: record.userHash,
        question: record.question,
        answered: record.answered ? 1 : 0,
        identifier: record.identifier ?? null,
        passages: JSON.stringify(record.passages.map(({ documentId, sectionSlug, start, end }) => ({ documentId, sectionSlug, start, end }))),
        missing_terms: JSON.stringify(record.missingTerms),
        key_terms: JSON.stringify(record.keyTerms),
        corpus_version: record.corpusVersion,
        created_at: record.createdAt.getTime(),
      })
      // A retried write of the same answer is not an error.
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }

  async getAnswer(id: string): Promise<AnswerRecord | undefined> {
    const row = await this.db.selectFrom("answers").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toAnswer(row);
  }

  async vote(answerId: string, userHash: string, value: 1 | -1): Promise<VoteOutcome> {
    const known = await this.db.selectFrom("answers").select("id").where("id", "=", answerId).executeTakeFirst();
    if (!known) return "unknown-answer";
    const inserted = await this.db
      .insertInto("votes")
      .values({ answer_id: answerId, user_hash: userHash, value, created_at: Date.now() })
      .onConflict((oc) => oc.columns(["answer_id", "user_hash"]).doNothing())
      .returning("answer_id")
      .executeTakeFirst();
    if (inserted) return "recorded";
    const updated = await this.db
      .updateTable("votes")
      .set({ value, created_at: Date.now() })
      .where("answer_id", "=", answerId)
      .where("user_hash", "=", userHash)
      .where("value", "<>", value)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n ? "changed" : "unchanged";
  }

  async votes(answerId: string): Promise<{ up: number; down: number }> {
    const row = await this.voteTotals().where("answer_id", "=", answerId).executeTakeFirst();
    return { up: row?.up ?? 0, down: row?.down ?? 0 };
  }

  async gaps({ since, limit = 10 }: { since: Date; limit?: number }): Promise<Gap[]> {
    const from = since.getTime();
    const totals = this.voteTotals().as("t");
    const rows = await this.db
      .selectFrom("answers")
      .leftJoin(totals, "t.answer_id", "answers.id")
      .select(["answers.question", "answers.missing_terms", "answers.key_terms", "answers.created_at"])
      .where("answers.created_at", ">=", from)
      .where((eb) => eb.or([eb("answers.answered", "=", 0), eb("t.down", ">", eb.ref("t.up"))]))
      .orderBy("answers.created_at", "desc")
      .orderBy("answers.id")
      .execute();
    const items: GapItem[] = rows.map((row) => ({
      question: row.question,
      missingTerms: parseList(row.missing_terms),
      keyTerms: parseList(row.key_terms),
    }));
    return groupGaps(items, limit);
  }

  async mostDownvoted({ since, limit = 10 }: { since: Date; limit?: number }): Promise<DownvotedAnswer[]> {
    const totals = this.voteTotals().as("t");
    const rows = await this.db
      .selectFrom("answers")
      .innerJoin(totals, "t.answer_id", "answers.id")
      .select(["answers.id", "answers.question", "answers.passages", "t.up", "t.down"])
      .where("answers.created_at", ">=", since.getTime())
      .where((eb) => eb("t.down", ">", eb.ref("t.up")))
      .orderBy("t.down", "desc")
      .orderBy("t.up", "asc")
      .orderBy("answers.created_at", "desc")
      .orderBy("answers.id")
      .limit(Math.max(0, limit))
      .execute();
    return rows.map((row) => ({ answerId: row.id, question: row.question, down: Number(row.down), up: Number(row.up), passages: parsePassages(row.passages) }));
  }

  async addTaught(entry: Omit<TaughtEntry, "id" | "createdAt">): Promise<TaughtEntry> {
    // Taught into a deleted file is lost at the next start: refuse instead.
    this.checkFile();
    const row = await this.db
      .insertInto("taught")
      .values({
        question: entry.question,
        answer: entry.answer,
        moderator_name: entry.moderatorName,
        moderator_hash: entry.moderatorHash,
        platform: entry.platform,
        created_at: Date.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTaught(row);
  }

  async listTaught(): Promise<TaughtEntry[]> {
    const rows = await this.db.selectFrom("taught").selectAll().orderBy("id").execute();
    return rows.map(toTaught);
  }

  async removeTaught(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom("taught").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async updateTaught(id: number, change: { question?: string; answer?: string }): Promise<TaughtEntry | undefined> {
    this.checkFile();
    const values = {
      ...(change.question === undefined ? {} : { question: change.question }),
      ...(change.answer === undefined ? {} : { answer: change.answer }),
    };
    if (Object.keys(values).length === 0) {
      const row = await this.db.selectFrom("taught").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toTaught(row);
    }
    const row = await this.db.updateTable("taught").set(values).where("id", "=", id).returningAll().executeTakeFirst();
    return row && toTaught(row);
  }

  async addPin(pin: Omit<Pin, "id" | "createdAt">): Promise<Pin> {
    this.checkFile();
    const values = {
      question_key: pin.questionKey,
      question: pin.question,
      document_id: pin.documentId,
      section_slug: pin.sectionSlug,
      start_offset: pin.start,
      end_offset: pin.end,
      text: pin.text,
      moderator_hash: pin.moderatorHash,
      created_at: Date.now(),
    };
    const { question_key: _key, ...replaced } = values;
    const row = await this.db
      .insertInto("pins")
      .values(values)
      .onConflict((oc) => oc.column("question_key").doUpdateSet(replaced))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPin(row);
  }

  async findPin(questionKey: string): Promise<Pin | undefined> {
    const row = await this.db.selectFrom("pins").selectAll().where("question_key", "=", questionKey).executeTakeFirst();
    return row && toPin(row);
  }

  async listPins(): Promise<Pin[]> {
    const rows = await this.db.selectFrom("pins").selectAll().orderBy("id").execute();
    return rows.map(toPin);
  }

  async removePin(questionKey: string): Promise<boolean> {
    const result = await this.db.deleteFrom("pins").where("question_key", "=", questionKey).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async linkMessage(messageKey: string, answerId: string): Promise<void> {
    await this.db
      .insertInto("sent_messages")
      .values({ message_key: hashMessageKey(this.salt, messageKey), answer_id: answerId, created_at: Date.now() })
      .onConflict((oc) => oc.column("message_key").doUpdateSet({ answer_id: answerId }))
      .execute();
  }

  async answerOfMessage(messageKey: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("sent_messages")
      .select("answer_id")
      .where("message_key", "=", hashMessageKey(this.salt, messageKey))
      .executeTakeFirst();
    return row?.answer_id;
  }

  async claim(key: string, leaseMs: number, now: Date = new Date()): Promise<ClaimOutcome> {
    const at = now.getTime();
    // The primary key makes the insert the arbiter: of concurrent callers, on any replica, one row wins.
    // A lease that ran out unsettled is taken over by the same statement, so only one caller takes it.
    const won = await this.db
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
    const held = await this.db.selectFrom("claims").select(["settled", "lease_until"]).where("key", "=", key).executeTakeFirst();
    // Pruned in between: it was claimed a day ago, so it was answered or given up.
    if (!held || Number(held.settled) === 1) return { outcome: "answered" };
    return { outcome: "in-progress", leaseEndsAt: new Date(Number(held.lease_until)) };
  }

  async settle(key: string): Promise<void> {
    await this.db.updateTable("claims").set({ settled: 1 }).where("key", "=", key).execute();
  }

  async keepInbox(entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto("inbox")
      .values(entries.map((entry) => ({ source: entry.source, update_id: entry.updateId, payload: entry.payload, received_at: entry.receivedAt.getTime() })))
      // Fetched again (a refetch after a restart): the first copy, and when it came, stay.
      .onConflict((oc) => oc.columns(["source", "update_id"]).doNothing())
      .execute();
  }

  async inbox(source: string): Promise<InboxEntry[]> {
    const rows = await this.db.selectFrom("inbox").selectAll().where("source", "=", source).orderBy("update_id").execute();
    return rows.map((row) => ({ source: row.source, updateId: Number(row.update_id), payload: row.payload, receivedAt: new Date(Number(row.received_at)) }));
  }

  async dropInbox(source: string, updateId: number): Promise<void> {
    await this.db.deleteFrom("inbox").where("source", "=", source).where("update_id", "=", updateId).execute();
  }

  async pruneInbox(before: Date): Promise<number> {
    const result = await this.db.deleteFrom("inbox").where("received_at", "<", before.getTime()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * A token bucket as one timestamp (the generic cell rate algorithm): the
   * row of `rate_windows` with `window_start` 0 keeps in `expires_at` when
   * the bucket is full again, and in `count` the refusals since the last
   * request allowed. A request is allowed while that moment is at most
   * `burst - 1` refills ahead of now; each allowed one moves it one refill
   * on. One atomic upsert, so replicas share the bucket exactly; a full
   * bucket's row is pruned like an ended window.
   */
  async take(key: string, { burst, refillEveryMs }: RateBucket, now: Date = new Date()): Promise<RateHit> {
    if (burst <= 0 || refillEveryMs <= 0) return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
    const at = now.getTime();
    // Whole milliseconds: the columns are integers on both databases.
    const interval = Math.max(1, Math.round(refillEveryMs));
    const latestAllowed = at + (Math.floor(burst) - 1) * interval;
    const allowed = sql<boolean>`rate_windows.expires_at <= ${latestAllowed}`;
    const row = await this.db
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
    await this.autoAnswer.prune(now);
  }

  async stats({ since, until = new Date() }: { since: Date; until?: Date }): Promise<ReportData> {
    const from = since.getTime();
    const to = until.getTime();
    const answers = await this.db
      .selectFrom("answers")
      .select(["id", "answered", "passages", "created_at"])
      .where("created_at", ">=", from)
      .where("created_at", "<=", to)
      .execute();
    const voteRows = await this.voteTotals()
      .where("answer_id", "in", (eb) => eb.selectFrom("answers").select("id").where("created_at", ">=", from).where("created_at", "<=", to))
      .execute();
    const votesByAnswer = new Map(voteRows.map((row) => [row.answer_id, row]));

    const perDay = new Map<string, { questions: number; answered: number }>();
    for (let day = Math.floor(from / DAY_MS) * DAY_MS; day <= to; day += DAY_MS) perDay.set(dayOf(day), { questions: 0, answered: 0 });
    const sections = new Map<string, SectionStats>();
    let answered = 0;
    let up = 0;
    let down = 0;
    for (const row of answers) {
      const day = perDay.get(dayOf(row.created_at));
      if (day) {
        day.questions += 1;
        day.answered += row.answered;
      }
      answered += row.answered;
      const votes = votesByAnswer.get(row.id);
      up += votes?.up ?? 0;
      down += votes?.down ?? 0;
      const cited = new Set<string>();
      for (const passage of parsePassages(row.passages)) {
        const key = `${passage.documentId}#${passage.sectionSlug}`;
        if (cited.has(key)) continue;
        cited.add(key);
        const section = sections.get(key) ?? { documentId: passage.documentId, sectionSlug: passage.sectionSlug, cited: 0, up: 0, down: 0 };
        section.cited += 1;
        section.up += votes?.up ?? 0;
        section.down += votes?.down ?? 0;
        sections.set(key, section);
      }
    }
    const [gaps, mostDownvoted, taught, pins] = await Promise.all([
      this.gaps({ since, limit: 10 }),
      this.mostDownvoted({ since, limit: 10 }),
      this.db
        .selectFrom("taught")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom("pins")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      since,
      until,
      questions: answers.length,
      answered,
      votes: { up, down },
      perDay: [...perDay].map(([day, counts]) => ({ day, ...counts })),
      sections: [...sections.values()].sort(
        (a, b) => b.cited - a.cited || b.down - a.down || (a.documentId + a.sectionSlug < b.documentId + b.sectionSlug ? -1 : 1),
      ),
      gaps,
      mostDownvoted,
      taught: Number(taught.n),
      pins: Number(pins.n),
    };
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

  /** 👍 and 👎 per answer, as numbers on both engines. */
  private voteTotals() {
    return this.db
      .selectFrom("votes")
      .select([
        "answer_id",
        sql<number>`CAST(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END) AS INTEGER)`.as("up"),
        sql<number>`CAST(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END) AS INTEGER)`.as("down"),
      ])
      .groupBy("answer_id");
  }
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseList(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function parsePassages(text: string): CitedPassage[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as CitedPassage[]) : [];
}

function toAnswer(row: Selectable<Database["answers"]>): AnswerRecord {
  return {
    id: row.id,
    platform: row.platform as Platform,
    userHash: row.user_hash,
    question: row.question,
    answered: row.answered === 1,
    ...(row.identifier === null ? {} : { identifier: row.identifier }),
    passages: parsePassages(row.passages),
    missingTerms: parseList(row.missing_terms),
    keyTerms: parseList(row.key_terms),
    corpusVersion: row.corpus_version,
    createdAt: new Date(Number(row.created_at)),
  };
}

function toTaught(row: Selectable<Database["taught"]>): TaughtEntry {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    moderatorName: row.moderator_name,
    moderatorHash: row.moderator_hash,
    platform: row.platform as Platform,
    createdAt: new Date(Number(row.created_at)),
  };
}

function toPin(row: Selectable<Database["pins"]>): Pin {
  return {
    id: row.id,
    questionKey: row.question_key,
    question: row.question,
    documentId: row.document_id,
    sectionSlug: row.section_slug,
    start: row.start_offset,
    end: row.end_offset,
    text: row.text,
    moderatorHash: row.moderator_hash,
    createdAt: new Date(Number(row.created_at)),
  };
}
