import type { Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { Pin, Platform, Scope, TaughtEntry } from "../types.js";
import type { RepositoryContext } from "./context.js";

/** The operator's community (the console): its pins answer in every community that has none of its own. */
const OPERATOR = "console";

/** What moderators teach: taught answers, and pins of a passage to a question. */
export class TeachingRepository {
  constructor(private readonly context: RepositoryContext) {}

  async addTaught(entry: Omit<TaughtEntry, "id" | "createdAt">): Promise<TaughtEntry> {
    // Taught into a deleted file is lost at the next start: refuse instead.
    this.context.checkFile();
    const row = await this.context.db
      .insertInto("taught")
      .values({
        question: entry.question,
        answer: entry.answer,
        moderator_name: entry.moderatorName,
        moderator_hash: entry.moderatorHash,
        platform: entry.platform,
        community: entry.community,
        created_at: Date.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTaught(row);
  }

  /** Oldest first; of one community, or of all without one. */
  async listTaught({ community }: Scope = {}): Promise<TaughtEntry[]> {
    const rows = await this.context.db
      .selectFrom("taught")
      .selectAll()
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .orderBy("id")
      .execute();
    return rows.map(toTaught);
  }

  /** False when there is no such entry in the scope: a community removes only its own. */
  async removeTaught(id: number, { community }: Scope = {}): Promise<boolean> {
    const result = await this.context.db
      .deleteFrom("taught")
      .where("id", "=", id)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Changes a taught entry's question and/or answer; undefined when there is no such entry in the scope. */
  async updateTaught(id: number, change: { question?: string; answer?: string }, { community }: Scope = {}): Promise<TaughtEntry | undefined> {
    this.context.checkFile();
    const { db } = this.context;
    const values = {
      ...(change.question === undefined ? {} : { question: change.question }),
      ...(change.answer === undefined ? {} : { answer: change.answer }),
    };
    if (Object.keys(values).length === 0) {
      const row = await db
        .selectFrom("taught")
        .selectAll()
        .where("id", "=", id)
        .$if(community !== undefined, (query) => query.where("community", "=", community!))
        .executeTakeFirst();
      return row && toTaught(row);
    }
    const row = await db
      .updateTable("taught")
      .set(values)
      .where("id", "=", id)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .returningAll()
      .executeTakeFirst();
    return row && toTaught(row);
  }

  /** One pin per question key and community: a new pin for the same key there replaces the old one. */
  async addPin(pin: Omit<Pin, "id" | "createdAt">): Promise<Pin> {
    this.context.checkFile();
    const values = {
      question_key: pin.questionKey,
      question: pin.question,
      document_id: pin.documentId,
      section_slug: pin.sectionSlug,
      start_offset: pin.start,
      end_offset: pin.end,
      text: pin.text,
      moderator_hash: pin.moderatorHash,
      community: pin.community,
      created_at: Date.now(),
    };
    const { question_key: _key, ...replaced } = values;
    const row = await this.context.db
      .insertInto("pins")
      .values(values)
      .onConflict((oc) => oc.columns(["community", "question_key"]).doUpdateSet(replaced))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPin(row);
  }

  /**
   * The pin that answers a question in a community: its own, else the
   * operator's (pinned from the console, for every community). Without a
   * community (a private chat, which belongs to none): the operator's, else
   * the latest any community made.
   */
  async findPin(questionKey: string, { community }: Scope = {}): Promise<Pin | undefined> {
    const rows = await this.context.db
      .selectFrom("pins")
      .selectAll()
      .where("question_key", "=", questionKey)
      .$if(community !== undefined, (query) => query.where("community", "in", [...new Set([community!, OPERATOR])]))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .execute();
    const row =
      (community !== undefined ? rows.find((candidate) => candidate.community === community) : undefined) ??
      rows.find((candidate) => candidate.community === OPERATOR) ??
      (community === undefined ? rows[0] : undefined);
    return row && toPin(row);
  }

  /** Of one community, or of all without one. */
  async listPins({ community }: Scope = {}): Promise<Pin[]> {
    const rows = await this.context.db
      .selectFrom("pins")
      .selectAll()
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .orderBy("id")
      .execute();
    return rows.map(toPin);
  }

  /** False when there is no such pin in the scope: a community removes only its own. */
  async removePin(questionKey: string, { community }: Scope = {}): Promise<boolean> {
    const result = await this.context.db
      .deleteFrom("pins")
      .where("question_key", "=", questionKey)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toTaught(row: Selectable<Database["taught"]>): TaughtEntry {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    moderatorName: row.moderator_name,
    moderatorHash: row.moderator_hash,
    platform: row.platform as Platform,
    community: row.community,
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
    community: row.community,
    createdAt: new Date(Number(row.created_at)),
  };
}
