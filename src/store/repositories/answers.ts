import type { Selectable } from "kysely";
import { hashMessageKey } from "../saltedHash.js";
import type { Database } from "../schema.js";
import type { AnswerRecord, Platform, VoteOutcome } from "../types.js";
import type { RepositoryContext } from "./context.js";
import { parseList, parsePassages, voteTotals } from "./rows.js";

/** Answers served, the votes on them, and which of the bot's messages carried which answer. */
export class AnswersRepository {
  constructor(private readonly context: RepositoryContext) {}

  async record(record: AnswerRecord): Promise<void> {
    // An answer recorded into a deleted file gets buttons that later say "no longer available".
    this.context.checkFile();
    await this.context.db
      .insertInto("answers")
      .values({
        id: record.id,
        platform: record.platform,
        community: record.community,
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

  async get(id: string): Promise<AnswerRecord | undefined> {
    const row = await this.context.db.selectFrom("answers").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toAnswer(row);
  }

  /** One vote per user per answer, changeable. */
  async vote(answerId: string, userHash: string, value: 1 | -1): Promise<VoteOutcome> {
    const { db } = this.context;
    const known = await db.selectFrom("answers").select("id").where("id", "=", answerId).executeTakeFirst();
    if (!known) return "unknown-answer";
    const inserted = await db
      .insertInto("votes")
      .values({ answer_id: answerId, user_hash: userHash, value, created_at: Date.now() })
      .onConflict((oc) => oc.columns(["answer_id", "user_hash"]).doNothing())
      .returning("answer_id")
      .executeTakeFirst();
    if (inserted) return "recorded";
    const updated = await db
      .updateTable("votes")
      .set({ value, created_at: Date.now() })
      .where("answer_id", "=", answerId)
      .where("user_hash", "=", userHash)
      .where("value", "<>", value)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n ? "changed" : "unchanged";
  }

  async votes(answerId: string): Promise<{ up: number; down: number }> {
    const row = await voteTotals(this.context.db).where("answer_id", "=", answerId).executeTakeFirst();
    return { up: row?.up ?? 0, down: row?.down ?? 0 };
  }

  /**
   * Remembers that a message the bot sent (`messageKey`, the platform's own
   * reference to it) carried an answer; kept as long as the answer. The key
   * is stored as a salted hash: a Telegram private chat's id is its user's id.
   */
  async linkMessage(messageKey: string, answerId: string): Promise<void> {
    await this.context.db
      .insertInto("sent_messages")
      .values({ message_key: hashMessageKey(this.context.salt, messageKey), answer_id: answerId, created_at: Date.now() })
      .onConflict((oc) => oc.column("message_key").doUpdateSet({ answer_id: answerId }))
      .execute();
  }

  /** The answer a message of the bot's carried, if it is known. */
  async answerOfMessage(messageKey: string): Promise<string | undefined> {
    const row = await this.context.db
      .selectFrom("sent_messages")
      .select("answer_id")
      .where("message_key", "=", hashMessageKey(this.context.salt, messageKey))
      .executeTakeFirst();
    return row?.answer_id;
  }
}

function toAnswer(row: Selectable<Database["answers"]>): AnswerRecord {
  return {
    id: row.id,
    platform: row.platform as Platform,
    community: row.community,
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
