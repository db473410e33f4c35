import { fstatSync } from "node:fs";
import { Socket } from "node:net";
import { pino, type DestinationStream, type Logger } from "pino";
import { rememberSecrets, scrub } from "./scrub.js";

export type { Logger };

/**
 * Paths that could carry a secret if someone logged a config or request
 * object; pino replaces them before anything is written.
 */
const REDACT = [
  "token",
  "*.token",
  "*.*.token",
  "discordToken",
  "telegramToken",
  "*.discordToken",
  "*.telegramToken",
  "headers.authorization",
  "*.headers.authorization",
];

/**
 * The process logger: JSON lines on standard error, so standard output stays
 * free for answers (the CLI's JSON, the console chat).
 *
 * Path redaction cannot reach secrets inside library errors: grammY's
 * HttpError wraps a fetch error whose message is the request URL, which holds
 * the bot token. So every line is also scrubbed (src/scrub.ts: the given
 * secrets, and anything shaped like a token or a password in a URL) as it is
 * written, whatever object they came in.
 *
 * @param level pino level
 * @default "info"
 * @param secrets values that must never appear in the log (the platform tokens)
 * @param destination where lines go; standard error (see {@link standardError}) unless a test captures them
 */
export function createLogger(level = "info", secrets: readonly (string | undefined)[] = [], destination: DestinationStream = standardError()): Logger {
  rememberSecrets(secrets);
  return pino({ level, base: undefined, redact: { paths: REDACT, censor: "[redacted]" }, hooks: { streamWrite: scrub } }, destination);
}

/**
 * Log lines held for a reader of standard error that does not keep up,
 * before new lines are dropped.
 * @default 1 MiB: thousands of lines, a few seconds of a busy bot; memory stays bounded whoever reads the log
 */
const MAX_PENDING_LOG_BYTES = 1024 * 1024;

let stderrSocket: Socket | undefined;

/**
 * Standard error as the log's destination. A pipe or socket (a container's
 * log driver, a supervisor) is written without blocking: a reader that
 * stops reading (a log pipe nobody drains) must never stall the bot, nor its
 * stop (see {@link drainLog}); lines beyond a bounded backlog are dropped.
 * A file or a terminal is written synchronously, as pino does by default.
 */
function standardError(): DestinationStream {
  if (!isPipe(2)) return pino.destination({ dest: 2, sync: true });
  if (!stderrSocket) {
    stderrSocket = new Socket({ fd: 2, readable: false, writable: true });
    // A reader that went away (EPIPE): nothing more can be logged, and that must not crash the bot.
    stderrSocket.on("error", () => undefined);
    // Idle, it must not keep the process alive; lines still being written do (until drainLog gives up).
    stderrSocket.unref();
  }
  const socket = stderrSocket;
  const written = () => {
    if (socket.writableLength === 0) socket.unref();
  };
  return {
    write(line: string) {
      if (socket.destroyed || socket.writableLength >= MAX_PENDING_LOG_BYTES) return;
      socket.ref();
      socket.write(line, written);
    },
  };
}

/**
 * Waits, at most `timeoutMs`, for the log lines still held to be written,
 * then gives up on them: the last step of a clean stop, which a blocked log
 * reader must not turn into a hang.
 */
export async function drainLog(timeoutMs: number): Promise<void> {
  const socket = stderrSocket;
  if (!socket || socket.destroyed || socket.writableLength === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    // Written in order: the callback of an empty write comes once everything before it is out.
    new Promise<boolean>((resolve) => socket.write("", () => resolve(true))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!drained) socket.destroy();
}

function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
