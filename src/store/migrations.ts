import { sql, type Kysely, type Migration } from "kysely";
import type { Database } from "./schema.js";
import { hashMessageKey } from "./saltedHash.js";

/** The store's salt, read (or made) inside a migration's transaction. */
export type SaltSource = (db: Kysely<Database>) => Promise<string>;

/**
 * The schema's versions, in code rather than files so they run the same
 * compiled and under tsx. Never edit a migration that has shipped: add one.
 */
export function migrations(dialect: "sqlite" | "postgres", salt: SaltSource): Record<string, Migration> {
  // Auto-numbered ids are spelled differently by the two engines.
  const serial = dialect === "postgres" ? "serial" : "integer";
  return {
    "0001_initial": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("answers")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("user_hash", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("answered", "integer", (c) => c.notNull())
          .addColumn("identifier", "text")
          .addColumn("passages", "text", (c) => c.notNull())
          .addColumn("missing_terms", "text", (c) => c.notNull())
          .addColumn("key_terms", "text", (c) => c.notNull())
          .addColumn("corpus_version", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("answers_created_at").on("answers").column("created_at").execute();

        await db.schema
          .createTable("votes")
          .addColumn("answer_id", "text", (c) => c.notNull())
          .addColumn("user_hash", "text", (c) => c.notNull())
          .addColumn("value", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("votes_pk", ["answer_id", "user_hash"])
          .execute();

        await db.schema
          .createTable("taught")
          .addColumn("id", serial, (c) => (dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("answer", "text", (c) => c.notNull())
          .addColumn("moderator_name", "text", (c) => c.notNull())
          .addColumn("moderator_hash", "text", (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("pins")
          .addColumn("id", serial, (c) => (dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn("question_key", "text", (c) => c.notNull().unique())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("document_id", "text", (c) => c.notNull())
          .addColumn("section_slug", "text", (c) => c.notNull())
          .addColumn("start_offset", "integer", (c) => c.notNull())
          .addColumn("end_offset", "integer", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("moderator_hash", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("claims")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("claims_created_at").on("claims").column("created_at").execute();

        await db.schema
          .createTable("rate_windows")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("window_start", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("rate_windows_pk", ["key", "window_start"])
          .execute();

        await db.schema
          .createTable("store_meta")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const table of ["store_meta", "rate_windows", "claims", "pins", "taught", "votes", "answers"]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    "0002_sent_messages": {
      async up(db: Kysely<unknown>) {
        // Which answer each of the bot's messages carried, so a moderator's reply to it
        // (on any replica, after any restart) can name the answer.
        await db.schema
          .createTable("sent_messages")
          .addColumn("message_key", "text", (c) => c.primaryKey())
          .addColumn("answer_id", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("sent_messages_created_at").on("sent_messages").column("created_at").execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("sent_messages").ifExists().execute();
      },
    },
    "0003_claim_leases": {
      async up(db: Kysely<unknown>) {
        // A claim is held for a lease and settled once answered, so a delivery whose replica died
        // mid-answer is answered by another instead of dropped as a duplicate. Claims made before
        // this migration were taken as answered, and stay so.
        await db.schema
          .alterTable("claims")
          .addColumn("lease_until", "bigint", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable("claims")
          .addColumn("settled", "integer", (c) => c.notNull().defaultTo(1))
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable("claims").dropColumn("settled").execute();
        await db.schema.alterTable("claims").dropColumn("lease_until").execute();
      },
    },
    "0004_inbox": {
      async up(db: Kysely<unknown>) {
        // Updates fetched by long polling, kept from before their offset is confirmed to Telegram
        // until they are answered, so a process killed in between answers them at its next start.
        await db.schema
          .createTable("inbox")
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("update_id", "bigint", (c) => c.notNull())
          .addColumn("payload", "text", (c) => c.notNull())
          .addColumn("received_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("inbox_pk", ["source", "update_id"])
          .execute();
        await db.schema.createIndex("inbox_received_at").on("inbox").column("received_at").execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("inbox").ifExists().execute();
      },
    },
    "0006_hashed_message_keys": {
      async up(db: Kysely<unknown>) {
        // Message keys were `telegram:<chat>:<message>`, and a private chat's id is its user's id:
        // kept as a salted hash from now on, like user ids, so the rows written before are rewritten.
        const typed = db as Kysely<Database>;
        const rows = await typed.selectFrom("sent_messages").select("message_key").execute();
        if (rows.length === 0) return;
        const key = await salt(typed);
        for (const { message_key } of rows) {
          await typed
            .updateTable("sent_messages")
            .set({ message_key: hashMessageKey(key, message_key) })
            .where("message_key", "=", message_key)
            .execute();
        }
      },
      async down() {
        // A hash cannot be turned back into the key; the rows stay hashed (and unusable by older code).
      },
    },
    "0008_sessions": {
      async up(db: Kysely<unknown>) {
        // The moderators' web page: one-time login links from the chat, then sessions. Tokens and
        // session ids are kept only as hashes, so a copy of the database logs nobody in.
        await db.schema
          .createTable("login_links")
          .addColumn("token_hash", "text", (c) => c.primaryKey())
          .addColumn("user_hash", "text", (c) => c.notNull())
          .addColumn("display_name", "text", (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("community_key", "text", (c) => c.notNull())
          .addColumn("community_name", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("used_at", "bigint")
          .execute();
        await db.schema
          .createTable("sessions")
          .addColumn("id_hash", "text", (c) => c.primaryKey())
          .addColumn("user_hash", "text", (c) => c.notNull())
          .addColumn("display_name", "text", (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("community_key", "text", (c) => c.notNull())
          .addColumn("community_name", "text")
          .addColumn("csrf_token", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("login_links_expires_at").on("login_links").column("expires_at").execute();
        await db.schema.createIndex("sessions_expires_at").on("sessions").column("expires_at").execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("sessions").ifExists().execute();
        await db.schema.dropTable("login_links").ifExists().execute();
      },
    },
    "0009_autoanswer": {
      async up(db: Kysely<unknown>) {
        // Auto-answering (issue 18): where it is on, who opted out, one answer per message,
        // each channel's answers per hour, and where a moderator's message holds it back.
        await db.schema
          .createTable("autoanswer_channels")
          .addColumn("community_key", "text", (c) => c.notNull())
          .addColumn("channel_id", "text", (c) => c.notNull())
          .addColumn("threshold", "double precision")
          .addColumn("enabled_by", "text", (c) => c.notNull())
          .addColumn("enabled_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("autoanswer_channels_pk", ["community_key", "channel_id"])
          .execute();
        await db.schema
          .createTable("autoanswer_optouts")
          .addColumn("user_hash", "text", (c) => c.primaryKey())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("autoanswer_claims")
          .addColumn("message_key", "text", (c) => c.primaryKey())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("autoanswer_counts")
          .addColumn("channel_key", "text", (c) => c.notNull())
          .addColumn("hour_start", "bigint", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("autoanswer_counts_pk", ["channel_key", "hour_start"])
          .execute();
        await db.schema
          .createTable("autoanswer_backoffs")
          .addColumn("scope_key", "text", (c) => c.primaryKey())
          .addColumn("until", "bigint", (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const table of ["autoanswer_backoffs", "autoanswer_counts", "autoanswer_claims", "autoanswer_optouts", "autoanswer_channels"]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    "0010_learning": {
      async up(db: Kysely<unknown>) {
        // Learning from moderators (issue 18): questions the bot left unanswered in auto-answer channels
        // (waiting questions, keyed by their message), and moderators' replies to them offered as answers.
        await db.schema
          .createTable("waiting_questions")
          .addColumn("message_key", "text", (c) => c.primaryKey())
          .addColumn("community", "text", (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("link", "text", (c) => c.notNull())
          .addColumn("key_terms", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("answered_at", "bigint")
          .execute();
        await db.schema.createIndex("waiting_questions_community").on("waiting_questions").columns(["community", "created_at"]).execute();
        await db.schema
          .createTable("suggestions")
          .addColumn("id", serial, (c) => (dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn("reply_key", "text", (c) => c.notNull().unique())
          .addColumn("community", "text", (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("answer", "text", (c) => c.notNull())
          .addColumn("author_name", "text", (c) => c.notNull())
          .addColumn("author_hash", "text", (c) => c.notNull())
          .addColumn("author_moderator", "integer", (c) => c.notNull())
          .addColumn("link", "text", (c) => c.notNull())
          .addColumn("waiting_key", "text")
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("taught_id", "integer")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("decided_at", "bigint")
          .execute();
        await db.schema.createIndex("suggestions_community").on("suggestions").columns(["community", "status"]).execute();
      },
      async down(db: Kysely<unknown>) {
        for (const table of ["suggestions", "waiting_questions"]) await db.schema.dropTable(table).ifExists().execute();
      },
    },
    "0011_pins_per_community": {
      async up(db: Kysely<unknown>) {
        // A pin belongs to its community: two servers may pin the same question to different quotes.
        if (dialect === "postgres") {
          await sql`ALTER TABLE pins DROP CONSTRAINT IF EXISTS pins_question_key_key`.execute(db);
          await sql`ALTER TABLE pins ADD CONSTRAINT pins_community_question UNIQUE (community, question_key)`.execute(db);
          return;
        }
        // SQLite cannot drop a column's UNIQUE: the table is rebuilt with the same rows and ids.
        await db.schema
          .createTable("pins_rebuilt")
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("question_key", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("document_id", "text", (c) => c.notNull())
          .addColumn("section_slug", "text", (c) => c.notNull())
          .addColumn("start_offset", "integer", (c) => c.notNull())
          .addColumn("end_offset", "integer", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("moderator_hash", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("community", "text", (c) => c.notNull().defaultTo("console"))
          .addUniqueConstraint("pins_community_question", ["community", "question_key"])
          .execute();
        const columns = "id, question_key, question, document_id, section_slug, start_offset, end_offset, text, moderator_hash, created_at, community";
        await sql`INSERT INTO pins_rebuilt (${sql.raw(columns)}) SELECT ${sql.raw(columns)} FROM pins`.execute(db);
        await db.schema.dropTable("pins").execute();
        await db.schema.alterTable("pins_rebuilt").renameTo("pins").execute();
        await db.schema.createIndex("pins_community").on("pins").column("community").execute();
      },
      async down() {
        // Going back would have to drop one of two communities' pins of a question: not done silently.
        throw new Error("0011_pins_per_community cannot be undone");
      },
    },
    "0007_communities": {
      async up(db: Kysely<unknown>) {
        // Each community (a Discord server, a Telegram group) sees only its own answers, gaps, taught answers and
        // pins. Rows written before communities existed belong to the operator's scope, "console", which sees all.
        for (const table of COMMUNITY_TABLES) {
          await db.schema
            .alterTable(table)
            .addColumn("community", "text", (column) => column.notNull().defaultTo("console"))
            .execute();
          await db.schema.createIndex(`${table}_community`).on(table).column("community").execute();
        }
      },
      async down(db: Kysely<unknown>) {
        for (const table of COMMUNITY_TABLES) {
          await db.schema.dropIndex(`${table}_community`).ifExists().execute();
          await db.schema.alterTable(table).dropColumn("community").execute();
        }
      },
    },
  };
}

/** The tables whose rows belong to one community; votes and message links follow their answer. */
const COMMUNITY_TABLES = ["answers", "taught", "pins"] as const;
