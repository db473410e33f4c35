import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MemorySampler, processGroup } from "./processTree.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GUARD = fileURLToPath(new URL("loopbackGuard.mjs", import.meta.url));
export const BLOCKED_MARKER = "LOOPBACK-ONLY: blocked";

/**
 * How the bot is started: `tsx` runs `node --import tsx src/main.ts` (one
 * process), `npm` runs `npm start` (npm, a shell, the tsx CLI and node, as an
 * operator would), `prod` runs `node dist/main.js` after `npm run build`.
 */
export type StartMode = "tsx" | "npm" | "prod";

const KEEP_LOG = 256 * 1024;

/** How a stop went: the exit code or signal, whether it was a clean exit 0 in time, and how long it took. */
export interface StopResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly clean: boolean;
  readonly stopMs: number;
}

/** The real bot as a child process under load, with its memory sampled. */
export class BotProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  readonly startedAt = Date.now();
  private output = "";
  private readonly memory: MemorySampler;

  constructor(
    readonly mode: StartMode,
    readonly env: Record<string, string>,
  ) {
    const [command, args] =
      mode === "npm"
        ? ["npm", ["start", "--silent"]]
        : mode === "prod"
          ? [process.execPath, ["dist/main.js"]]
          : [process.execPath, ["--import", "tsx", "src/main.ts"]];
    this.child = spawn(command, args, {
      cwd: ROOT,
      // Its own process group, so the whole tree can be stopped at the end whatever npm does.
      detached: true,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_OPTIONS: `--import=${GUARD}`,
        npm_config_update_notifier: "false",
        npm_config_fund: "false",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      this.output += String(chunk);
      if (this.output.length > 2 * KEEP_LOG) this.output = this.output.slice(-KEEP_LOG);
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
    const pid = this.child.pid ?? 0;
    this.memory = new MemorySampler(pid, (info) => isBotProcess(info.commandLine));
  }

  /** The last part of what the bot wrote to standard output and error. */
  logs(): string {
    return this.output;
  }

  /** Connections the loopback guard refused. */
  blockedConnections(): number {
    return this.output.split(BLOCKED_MARKER).length - 1;
  }

  /** Peak memory so far: of the bot's node process, and of the whole tree (npm, shell, tsx CLI…). */
  peakMemory(): { bot: number; tree: number } {
    this.memory.sample();
    return { bot: this.memory.peakBot, tree: this.memory.peakTree };
  }

  /** The bot's own node process's resident memory now (VmRSS), in MiB; 0 when it is not running. */
  residentMiB(): number {
    const pid = this.child.pid;
    const bot = pid === undefined ? undefined : processGroup(pid).find((info) => isBotProcess(info.commandLine));
    return bot ? bot.rss / 2 ** 20 : 0;
  }

  /** Whether the bot's own node process is still running (even if npm above it has exited). */
  botAlive(): boolean {
    const pid = this.child.pid;
    return pid !== undefined && processGroup(pid).some((info) => isBotProcess(info.commandLine));
  }

  /** Sends `signal` to the started process only (for `npm` mode: to npm, not to its children). */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /**
   * Asks the bot to stop with SIGTERM and waits up to `graceMs`; whatever of
   * its process group is still alive then is killed, so nothing outlives the
   * scenario. Returns how the started process ended.
   */
  async stop(graceMs = 15_000): Promise<StopResult> {
    this.signal("SIGTERM");
    return this.awaitExit(graceMs);
  }

  /**
   * Waits up to `graceMs` for the started process to exit (after a signal
   * sent by the caller), then kills whatever of its group is left.
   */
  async awaitExit(graceMs = 15_000, asked = Date.now()): Promise<StopResult> {
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([this.exited, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), graceMs)))]);
    clearTimeout(timer);
    this.peakMemory();
    this.kill();
    const ended = result ?? (await this.exited);
    return { code: ended.code, signal: ended.signal, clean: result !== undefined && ended.code === 0, stopMs: (result?.at ?? Date.now()) - asked };
  }

  /** Kills the bot's whole process group at once (it was started detached, as its leader). */
  kill(): void {
    this.memory.stop();
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  }
}

/** The node process running the bot itself, not npm, a shell or the tsx CLI that started it. */
function isBotProcess(commandLine: string): boolean {
  return /(src\/main\.ts|dist\/main\.js)\b/.test(commandLine) && !/npm|tsx\/dist\/cli|^sh /.test(commandLine);
}

/**
 * Resolves true once `check()` holds (checked every `everyMs`), or false
 * after `timeoutMs`: every wait of the benchmark is bounded.
 */
export function until(check: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  if (check()) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const started = Date.now();
    const interval = setInterval(() => {
      const ok = check();
      if (ok || Date.now() - started >= timeoutMs) {
        clearInterval(interval);
        resolve(ok);
      }
    }, everyMs);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
