import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/**
 * Whether the shared test PostgreSQL is running: tests that need it are
 * written `describe.skipIf(!withPostgres)` (or `it.skipIf`), so a machine
 * where it cannot start still runs every other test; the global setup says why.
 */
export const withPostgres = inject("postgres")?.url !== undefined;

/** The shared test server's URL; throws with the reason when it did not start. */
export function postgresServerUrl(): string {
  const { url, error } = inject("postgres") ?? {};
  if (!url) throw new Error(`the test PostgreSQL did not start: ${error ?? "this test runs in the e2e project (npm test), whose global setup starts it"}`);
  return url;
}

/** A new, empty database on the shared test server, so tests never see each other's rows. */
export async function freshPostgresUrl(): Promise<string> {
  const url = postgresServerUrl();
  const name = `t_${randomBytes(8).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}
