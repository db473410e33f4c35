import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** What every repository shares: the one database, the salt, and the check that the database file is still the one opened. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly salt: string;
  /**
   * Throws when the database's file is gone or replaced (SQLite): writes
   * would then go to a deleted file and be lost at the next start.
   */
  readonly checkFile: () => void;
}
