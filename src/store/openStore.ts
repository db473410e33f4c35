import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { silentLogger, type Logger } from "../logger.js";
import { KyselyStore } from "./KyselyStore.js";
import { migrations, type SaltSource } from "./migrations.js";
import { localNotifier, postgresNotifier, type Notifier } from "./notifier.js";
import { resilientStore, type ResilientStore } from "./resilientStore.js";
import { saltFromDatabase, saltFromFolder } from "./salt.js";
import type { Database } from "./schema.js";
import { StoreError } from "./StoreError.js";
import { parseStoreUrl, type StoreLocation } from "./storeUrl.js";
import { STORE_DEFAULTS, type StoreTuning } from "./defaults.js";

export { STORE_DEFAULTS, type StoreTuning } from "./defaults.js";

export interface StoreOptions extends StoreTuning {
  /** STORE_URL: `sqlite:PATH` or `postgres://user:pass@host:port/db`. */
  url: string;
  /** Where the generated salt lives for SQLite; default: the database file's folder. */
  dataDir?: string;
  /** STORE_SALT; default: generated on first start (SQLite: DIR/salt; PostgreSQL: in the database, shared by replicas). */
  salt?: string;
  logger?: Logger;
}

/**
 * Opens the store named by STORE_URL: creates the SQLite file and folder or
 * connects to PostgreSQL, applies the migrations, and returns the store
 * wrapped so that a later outage never stops the bot. A database that cannot
 * be reached now, a bad URL or a failed migration is a StoreError.
 */
export async function openStore(options: StoreOptions): Promise<ResilientStore> {
  const tuning = { ...STORE_DEFAULTS, ...definedOnly(options) };
  const logger = options.logger ?? silentLogger();
  const location = parseStoreUrl(options.url);
  const { db, notifier } = location.dialect === "sqlite" ? openSqlite(location) : await openPostgres(location, logger, tuning.timeoutMs);
  try {
    const saltOf = async (from: Kysely<Database>) => options.salt || (await defaultSalt(from, location, options.dataDir));
    await migrate(db, location, saltOf);
    const salt = await saltOf(db);
    const store = new KyselyStore(
      db,
      location.dialect,
      salt,
      tuning.retentionDays,
      notifier,
      location.dialect === "sqlite" ? sameFile(location.file) : undefined,
    );
    let pruning: NodeJS.Timeout | undefined;
    const resilient = resilientStore(store, logger, { recheckEveryMs: tuning.recheckEveryMs, onClose: () => clearInterval(pruning) });
    if (tuning.pruneEveryMs > 0) {
      await resilient.prune();
      pruning = setInterval(() => void resilient.prune(), tuning.pruneEveryMs);
      pruning.unref();
    }
    logger.info({ store: location.masked, dialect: location.dialect }, "store opened");
    return resilient;
  } catch (error) {
    await notifier.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

function openSqlite(location: Extract<StoreLocation, { dialect: "sqlite" }>): { db: Kysely<Database>; notifier: Notifier } {
  let database: BetterSqlite3.Database;
  try {
    if (location.file !== ":memory:") {
      mkdirSync(dirname(location.file), { recursive: true });
      // Created readable by the bot's user only (it holds questions and hashes); SQLite gives its WAL the same mode.
      closeSync(openSync(location.file, "a", 0o600));
    }
    database = new BetterSqlite3(location.file);
    // WAL lets the report read while the bot writes; NORMAL sync is safe with WAL and much faster.
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 5000");
  } catch (error) {
    throw new StoreError("store-unreachable", `cannot open the SQLite database of STORE_URL=${location.masked}: ${reason(error)}`, location.masked, {
      cause: error,
    });
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), notifier: localNotifier() };
}

/**
 * A check that the SQLite file is still the one opened: deleted or replaced
 * while open, SQLite goes on writing to the old, unlinked file, and all of
 * it is gone at the next start.
 */
function sameFile(file: string): (() => void) | undefined {
  if (file === ":memory:" || file === "") return undefined;
  const opened = statSync(file);
  return () => {
    const now = statSync(file, { throwIfNoEntry: false });
    if (!now || now.ino !== opened.ino || now.dev !== opened.dev) {
      throw new StoreError(
        "store-file-gone",
        `the SQLite database file ${file} was deleted or replaced while the bot ran; restart the bot to recreate it`,
        file,
      );
    }
  };
}

async function openPostgres(location: Extract<StoreLocation, { dialect: "postgres" }>, logger: Logger, timeoutMs: number) {
  const config: pg.ClientConfig = {
    connectionString: location.connectionString,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: "cited",
    // Counts and epoch milliseconds come back as bigint (int8); they fit a JavaScript number.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
    },
  };
  const pool = new pg.Pool({ ...config, max: 10 });
  // An idle connection that breaks (a restarted server) must not crash the process; the next query finds out.
  pool.on("error", (error) => logger.debug({ err: error.message }, "idle store connection lost"));
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError("store-unreachable", `cannot reach the database at STORE_URL=${location.masked}: ${reason(error)}`, location.masked, { cause: error });
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), notifier: postgresNotifier(pool, config, logger) };
}

async function migrate(db: Kysely<Database>, location: StoreLocation, salt: SaltSource): Promise<void> {
  // Branches add migrations under numbers of their own (0008, 0009…), merged in any order: a database
  // that already ran a later number still runs an earlier one merged after it.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(location.dialect, salt) }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "unknown";
    throw new StoreError("store-migration-failed", `migration ${failed} failed on STORE_URL=${location.masked}: ${reason(error)}`, location.masked, {
      cause: error,
    });
  }
}

async function defaultSalt(db: Kysely<Database>, location: StoreLocation, dataDir: string | undefined): Promise<string> {
  if (location.dialect === "postgres") return saltFromDatabase(db);
  if (dataDir) return saltFromFolder(dataDir);
  // An in-memory database forgets its hashes anyway; so may its salt.
  if (location.file === ":memory:") return randomBytes(32).toString("hex");
  return saltFromFolder(dirname(location.file));
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const text = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  return text;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
