import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

function newSalt(): string {
  return randomBytes(32).toString("hex");
}

/**
 * The salt in `DIR/salt`, generated (mode 0600) on first start. A salt that
 * changes turns every stored user hash into a stranger's, so it is created
 * once and never overwritten, also when two processes start together.
 */
export async function saltFromFolder(dataDir: string): Promise<string> {
  const file = join(dataDir, "salt");
  const existing = await readSalt(file);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${newSalt()}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const written = await readSalt(file);
  if (!written) throw new Error(`the salt file ${file} is empty`);
  return written;
}

async function readSalt(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, "utf8")).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The salt kept in the database itself, for PostgreSQL: replicas share no
 * folder, and each must hash a user to the same value for votes and rate
 * limits to hold across them. The first replica's salt wins.
 */
export async function saltFromDatabase(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto("store_meta")
    .values({ key: "salt", value: newSalt() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db.selectFrom("store_meta").select("value").where("key", "=", "salt").executeTakeFirstOrThrow();
  return row.value;
}
