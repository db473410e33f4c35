/**
 * vitest globalSetup of the e2e project: one real PostgreSQL for the whole
 * run (see embeddedPostgres.ts), on a free port of 127.0.0.1. Tests get its
 * URL through `inject("postgres")` and each makes a database of its own
 * (freshPostgresUrl). When the server cannot start, the reason is printed
 * once, the PostgreSQL tests are skipped (`withPostgres`), and the others
 * still run.
 */
import type { TestProject } from "vitest/node";
import { startTestPostgres, type TestPostgres } from "./embeddedPostgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { url?: string; error?: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: TestPostgres | undefined;
  try {
    server = await startTestPostgres();
    project.provide("postgres", { url: server.url });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    project.provide("postgres", { error: reason });
    console.warn(`\nPostgreSQL tests are SKIPPED: the test PostgreSQL did not start.\n${reason}\n`);
  }
  return async () => {
    await server?.destroy();
  };
}
