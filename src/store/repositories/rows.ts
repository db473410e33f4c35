import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { CitedPassage } from "../types.js";

export function parseList(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function parsePassages(text: string): CitedPassage[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as CitedPassage[]) : [];
}

/** 👍 and 👎 per answer, as numbers on both engines. */
export function voteTotals(db: Kysely<Database>) {
  return db
    .selectFrom("votes")
    .select([
      "answer_id",
      sql<number>`CAST(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END) AS INTEGER)`.as("up"),
      sql<number>`CAST(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END) AS INTEGER)`.as("down"),
    ])
    .groupBy("answer_id");
}
