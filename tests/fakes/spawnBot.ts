import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** `npm start` as a child process, with its standard output and error collected. */
export interface RunningBot {
  readonly child: ChildProcess;
  /** Everything written to standard output and error so far. */
  logs(): string;
  /** The exit code, once the process ends. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `src/main.ts` through tsx with `env` over the test's environment;
 * `preload` modules are imported first (such as the loopback-only guard).
 * Each bot gets a data folder of its own (its database, salt and index
 * cache) and a free HTTP port, unless `env` says otherwise, so bots of
 * different tests never share claims or ports.
 */
export function spawnBot(env: Record<string, string>, preload: readonly string[] = []): RunningBot {
  let output = "";
  const isolated = { DATA_DIR: mkdtempSync(join(tmpdir(), "cited-bot-")), STORE_URL: "", PORT: "0" };
  const child = spawn(process.execPath, ["--import", "tsx", ...preload.flatMap((module) => ["--import", module]), "src/main.ts"], {
    env: { ...process.env, ...isolated, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  child.stderr.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, logs: () => output, exited };
}

/**
 * For a test file that starts the bot: `start` spawns it with `defaults`
 * under each test's variables, and after each test the bot is killed and
 * every function pushed on `closers` (fake servers) is awaited.
 */
export function useBot(defaults: Record<string, string>, preload: readonly string[] = []) {
  let bot: RunningBot | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    bot?.child.kill("SIGKILL");
    bot = undefined;
    for (const close of closers.splice(0)) await close();
  });
  const start = (env: Record<string, string>): RunningBot => (bot = spawnBot({ ...defaults, ...env }, preload));
  return { start, closers };
}
