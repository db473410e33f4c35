import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { maskStoreUrl, openStore, parseStoreUrl, StoreError } from "../../src/store/index.js";
import { postgresServerUrl, withPostgres } from "./postgresDatabase.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "cited-open-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe("STORE_URL", () => {
  it("masks the password", () => {
    expect(maskStoreUrl("postgres://cited:s3cr3t@db.example:5432/cited")).toBe("postgres://cited:***@db.example:5432/cited");
    expect(maskStoreUrl("postgres://cited:p@ss@db/cited")).toBe("postgres://cited:***@db/cited");
    expect(maskStoreUrl("postgres://db/cited")).toBe("postgres://db/cited");
    expect(maskStoreUrl("sqlite:data/cited.db")).toBe("sqlite:data/cited.db");
    expect(maskStoreUrl("postgres://db/cited?user=cited&password=s3cr3t&sslmode=require")).toBe("postgres://db/cited?user=cited&password=***&sslmode=require");
  });

  it("selects the engine by scheme", () => {
    expect(parseStoreUrl("sqlite:data/cited.db")).toMatchObject({ dialect: "sqlite", file: join(process.cwd(), "data/cited.db") });
    // The authority form is relative too, as the configuration check reads it: not /sub/x.db.
    expect(parseStoreUrl("sqlite://sub/x.db")).toMatchObject({ dialect: "sqlite", file: join(process.cwd(), "sub/x.db") });
    expect(parseStoreUrl("sqlite:///abs/x.db")).toMatchObject({ dialect: "sqlite", file: "/abs/x.db" });
    expect(parseStoreUrl("sqlite:/abs/x.db")).toMatchObject({ dialect: "sqlite", file: "/abs/x.db" });
    expect(parseStoreUrl("postgresql://u:p@h/db")).toMatchObject({ dialect: "postgres", masked: "postgresql://u:***@h/db" });
  });

  it("refuses what it does not know, naming STORE_URL without the password", async () => {
    for (const url of ["mysql://u:hunter22@h/db", "sqlite:", "postgres://u:hunter22@h", "nonsense", "mysql://h/db?password=hunter22"]) {
      const error = await failure(openStore({ url }));
      expect(error.identifier).toBe("store-url-invalid");
      expect(error.message).toContain("STORE_URL=");
      expect(error.message).not.toContain("hunter22");
    }
  });
});

describe("openStore", () => {
  it("creates the SQLite file and its folder in WAL mode", async () => {
    const file = join(folder, "nested", "data", "cited.db");
    const store = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0 });
    await store.close();
    expect((await stat(file)).isFile()).toBe(true);
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
    expect((await stat(join(folder, "nested", "data", "salt"))).mode & 0o777).toBe(0o600);
  });

  it("fails clearly when PostgreSQL cannot be reached, with the password masked", async () => {
    const port = await closedPort();
    const url = `postgres://cited:hunter22@127.0.0.1:${port}/cited`;
    const error = await failure(openStore({ url, timeoutMs: 2000 }));
    expect(error.identifier).toBe("store-unreachable");
    expect(error.message).toContain(`STORE_URL=postgres://cited:***@127.0.0.1:${port}/cited`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("hunter22");
    expect(error.url).not.toContain("hunter22");
  });

  it("masks a password given as ?password= in a start-up error", async () => {
    const port = await closedPort();
    const error = await failure(openStore({ url: `postgres://127.0.0.1:${port}/cited?user=cited&password=hunter22`, timeoutMs: 2000 }));
    expect(error.identifier).toBe("store-unreachable");
    expect(error.message).toContain("password=***");
    expect(error.message).not.toContain("hunter22");
    expect(error.url).not.toContain("hunter22");
  });

  it.skipIf(!withPostgres)("fails clearly when PostgreSQL refuses the password", async () => {
    const url = new URL(postgresServerUrl());
    url.password = "wrong-password";
    const error = await failure(openStore({ url: url.toString() }));
    expect(error.identifier).toBe("store-unreachable");
    expect(error.message).toContain("password authentication failed");
    expect(error.message).not.toContain("wrong-password");
  });

  it("reports a migration that cannot be applied", async () => {
    const file = join(folder, "cited.db");
    const raw = new BetterSqlite3(file);
    raw.exec("CREATE TABLE answers (something TEXT)");
    raw.close();
    const error = await failure(openStore({ url: `sqlite:${file}` }));
    expect(error.identifier).toBe("store-migration-failed");
    expect(error.message).toContain("0001_initial");
  });

  it.skipIf(!withPostgres)("applies migrations once when two processes start together on PostgreSQL", async () => {
    const { freshPostgresUrl } = await import("./postgresDatabase.js");
    const url = await freshPostgresUrl();
    const stores = await Promise.all([openStore({ url, pruneEveryMs: 0 }), openStore({ url, pruneEveryMs: 0 })]);
    // The replicas agree on the salt kept in the database.
    expect(stores[0].hashUser("discord", "1")).toBe(stores[1].hashUser("discord", "1"));
    await Promise.all(stores.map((store) => store.close()));
  });
});

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}
