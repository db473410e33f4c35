import type { Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { Platform, Scope, Suggestion, SuggestionStatus, WaitingQuestion } from "../types.js";
import type { RepositoryContext } from "./context.js";
import { parseList } from "./rows.js";

/**
 * Learning from moderators (issue 18): the questions the bot left
 * unanswered in auto-answer channels (waiting questions), and moderators'
 * replies offered as their answers (suggestions), each decided once.
 */
export class LearningRepository {
  constructor(private readonly context: RepositoryContext) {}

  /** Keeps a waiting question; the same message kept twice (two replicas, a redelivery) stays one. */
  async keepWaiting(entry: Omit<WaitingQuestion, "answeredAt">): Promise<void> {
    await this.context.db
      .insertInto("waiting_questions")
      .values({
        message_key: entry.messageKey,
        community: entry.community,
        platform: entry.platform,
        question: entry.question,
        link: entry.link,
        key_terms: JSON.stringify(entry.keyTerms),
        created_at: entry.createdAt.getTime(),
      })
      .onConflict((oc) => oc.column("message_key").doNothing())
      .execute();
  }

  /** The first of `messageKeys` that is a waiting question not yet answered, in the scope. */
  async findWaiting(messageKeys: readonly string[], { community }: Scope = {}): Promise<WaitingQuestion | undefined> {
    if (messageKeys.length === 0) return undefined;
    const rows = await this.context.db
      .selectFrom("waiting_questions")
      .selectAll()
      .where("message_key", "in", [...messageKeys])
      .where("answered_at", "is", null)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .execute();
    const found = messageKeys.map((key) => rows.find((row) => row.message_key === key)).find((row) => row !== undefined);
    return found && toWaiting(found);
  }

  /** Unanswered waiting questions since `since`, newest first (at most `limit`, default 10), and how many there are. */
  async listWaiting({ since, limit = 10, community }: { since: Date; limit?: number } & Scope): Promise<{ count: number; items: WaitingQuestion[] }> {
    const base = this.context.db
      .selectFrom("waiting_questions")
      .where("created_at", ">=", since.getTime())
      .where("answered_at", "is", null)
      .$if(community !== undefined, (query) => query.where("community", "=", community!));
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      base.selectAll().orderBy("created_at", "desc").orderBy("message_key").limit(Math.max(0, limit)).execute(),
    ]);
    return { count: Number(count.n), items: rows.map(toWaiting) };
  }

  /** Offers a reply as an answer; undefined when that reply was offered already (one suggestion per reply). */
  async addSuggestion(entry: Omit<Suggestion, "id" | "status" | "taughtId" | "createdAt">, now: Date = new Date()): Promise<Suggestion | undefined> {
    const row = await this.context.db
      .insertInto("suggestions")
      .values({
        reply_key: entry.replyKey,
        community: entry.community,
        platform: entry.platform,
        question: entry.question,
        answer: entry.answer,
        author_name: entry.authorName,
        author_hash: entry.authorHash,
        author_moderator: entry.authorModerator ? 1 : 0,
        link: entry.link,
        waiting_key: entry.waitingKey ?? null,
        status: "pending",
        created_at: now.getTime(),
      })
      .onConflict((oc) => oc.column("reply_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toSuggestion(row);
  }

  async suggestion(id: number, { community }: Scope = {}): Promise<Suggestion | undefined> {
    const row = await this.context.db
      .selectFrom("suggestions")
      .selectAll()
      .where("id", "=", id)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .executeTakeFirst();
    return row && toSuggestion(row);
  }

  /** Suggestions nobody decided on yet, newest first (at most `limit`, default 10). */
  async pendingSuggestions({ limit = 10, community }: { limit?: number } & Scope = {}): Promise<Suggestion[]> {
    const rows = await this.context.db
      .selectFrom("suggestions")
      .selectAll()
      .where("status", "=", "pending")
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(Math.max(0, limit))
      .execute();
    return rows.map(toSuggestion);
  }

  /**
   * Decides a pending suggestion; false when it was decided already (a
   * second click, another moderator, another replica), so it is taught once.
   */
  async decide(id: number, status: Exclude<SuggestionStatus, "pending">, now: Date = new Date()): Promise<boolean> {
    const result = await this.context.db
      .updateTable("suggestions")
      .set({ status, decided_at: now.getTime() })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Undoes a decision whose teaching failed, so the suggestion can be decided again. */
  async reopen(id: number): Promise<void> {
    await this.context.db.updateTable("suggestions").set({ status: "pending", decided_at: null }).where("id", "=", id).where("taught_id", "is", null).execute();
  }

  /** Records what a taught suggestion became, and marks the question it answered as answered. */
  async taught(suggestion: Pick<Suggestion, "id" | "waitingKey">, taughtId: number, now: Date = new Date()): Promise<void> {
    await this.context.db.updateTable("suggestions").set({ taught_id: taughtId }).where("id", "=", suggestion.id).execute();
    if (suggestion.waitingKey !== undefined)
      await this.context.db.updateTable("waiting_questions").set({ answered_at: now.getTime() }).where("message_key", "=", suggestion.waitingKey).execute();
  }

  /** Forgets waiting questions and decided suggestions from before `before`, like other questions. */
  async prune(before: Date): Promise<void> {
    const cutoff = before.getTime();
    await this.context.db.deleteFrom("waiting_questions").where("created_at", "<", cutoff).execute();
    await this.context.db.deleteFrom("suggestions").where("created_at", "<", cutoff).execute();
  }
}

function toWaiting(row: Selectable<Database["waiting_questions"]>): WaitingQuestion {
  return {
    messageKey: row.message_key,
    community: row.community,
    platform: row.platform as Platform,
    question: row.question,
    link: row.link,
    keyTerms: parseList(row.key_terms),
    createdAt: new Date(Number(row.created_at)),
    ...(row.answered_at === null ? {} : { answeredAt: new Date(Number(row.answered_at)) }),
  };
}

function toSuggestion(row: Selectable<Database["suggestions"]>): Suggestion {
  return {
    id: Number(row.id),
    replyKey: row.reply_key,
    community: row.community,
    platform: row.platform as Platform,
    question: row.question,
    answer: row.answer,
    authorName: row.author_name,
    authorHash: row.author_hash,
    authorModerator: Number(row.author_moderator) === 1,
    link: row.link,
    ...(row.waiting_key === null ? {} : { waitingKey: row.waiting_key }),
    status: row.status as SuggestionStatus,
    ...(row.taught_id === null ? {} : { taughtId: Number(row.taught_id) }),
    createdAt: new Date(Number(row.created_at)),
  };
}
