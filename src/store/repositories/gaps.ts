import { groupGaps, type GapItem } from "../groupGaps.js";
import type { DownvotedAnswer, Gap, ReportData, Scope, SectionStats } from "../types.js";
import type { RepositoryContext } from "./context.js";
import { parseList, parsePassages, voteTotals } from "./rows.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the moderators' loop reads back: knowledge gaps, the most 👎 answers, and the report's figures. */
export class GapsRepository {
  constructor(private readonly context: RepositoryContext) {}

  /** Refusals and net-👎 answers since `since`, grouped (see groupGaps); `limit` defaults to 10. */
  async list({ since, limit = 10, community }: { since: Date; limit?: number } & Scope): Promise<Gap[]> {
    const totals = voteTotals(this.context.db).as("t");
    const rows = await this.context.db
      .selectFrom("answers")
      .leftJoin(totals, "t.answer_id", "answers.id")
      .select(["answers.question", "answers.missing_terms", "answers.key_terms", "answers.created_at"])
      .where("answers.created_at", ">=", since.getTime())
      .$if(community !== undefined, (query) => query.where("answers.community", "=", community!))
      .where((eb) => eb.or([eb("answers.answered", "=", 0), eb("t.down", ">", eb.ref("t.up"))]))
      .orderBy("answers.created_at", "desc")
      .orderBy("answers.id")
      .execute();
    // Waiting questions first: a member is still waiting on those, so their words name the gap's examples.
    const waiting = await this.context.db
      .selectFrom("waiting_questions")
      .select(["question", "key_terms"])
      .where("created_at", ">=", since.getTime())
      .where("answered_at", "is", null)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .orderBy("created_at", "desc")
      .orderBy("message_key")
      .execute();
    const items: GapItem[] = [
      ...waiting.map((row) => ({ question: row.question, missingTerms: [], keyTerms: parseList(row.key_terms) })),
      ...rows.map((row) => ({
        question: row.question,
        missingTerms: parseList(row.missing_terms),
        keyTerms: parseList(row.key_terms),
      })),
    ];
    return groupGaps(items, limit);
  }

  /** Answers with more 👎 than 👍 since `since`, most 👎 first; `limit` defaults to 10. */
  async mostDownvoted({ since, limit = 10, community }: { since: Date; limit?: number } & Scope): Promise<DownvotedAnswer[]> {
    const totals = voteTotals(this.context.db).as("t");
    const rows = await this.context.db
      .selectFrom("answers")
      .innerJoin(totals, "t.answer_id", "answers.id")
      .select(["answers.id", "answers.question", "answers.passages", "t.up", "t.down"])
      .where("answers.created_at", ">=", since.getTime())
      .$if(community !== undefined, (query) => query.where("answers.community", "=", community!))
      .where((eb) => eb("t.down", ">", eb.ref("t.up")))
      .orderBy("t.down", "desc")
      .orderBy("t.up", "asc")
      .orderBy("answers.created_at", "desc")
      .orderBy("answers.id")
      .limit(Math.max(0, limit))
      .execute();
    return rows.map((row) => ({ answerId: row.id, question: row.question, down: Number(row.down), up: Number(row.up), passages: parsePassages(row.passages) }));
  }

  /** Everything the report shows, for one window of time. */
  async stats({ since, until = new Date(), community }: { since: Date; until?: Date } & Scope): Promise<ReportData> {
    const { db } = this.context;
    const from = since.getTime();
    const to = until.getTime();
    const answers = await db
      .selectFrom("answers")
      .select(["id", "answered", "passages", "created_at"])
      .where("created_at", ">=", from)
      .where("created_at", "<=", to)
      .$if(community !== undefined, (query) => query.where("community", "=", community!))
      .execute();
    const voteRows = await voteTotals(db)
      .where("answer_id", "in", (eb) =>
        eb
          .selectFrom("answers")
          .select("id")
          .where("created_at", ">=", from)
          .where("created_at", "<=", to)
          .$if(community !== undefined, (query) => query.where("community", "=", community!)),
      )
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
    const [gaps, mostDownvoted, taught, pins, waiting] = await Promise.all([
      this.list({ since, limit: 10, ...scoped(community) }),
      this.mostDownvoted({ since, limit: 10, ...scoped(community) }),
      db
        .selectFrom("taught")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .$if(community !== undefined, (query) => query.where("community", "=", community!))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("pins")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .$if(community !== undefined, (query) => query.where("community", "=", community!))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("waiting_questions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("created_at", ">=", from)
        .where("created_at", "<=", to)
        .where("answered_at", "is", null)
        .$if(community !== undefined, (query) => query.where("community", "=", community!))
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
      waiting: Number(waiting.n),
    };
  }
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function scoped(community: string | undefined): Scope {
  return community === undefined ? {} : { community };
}
