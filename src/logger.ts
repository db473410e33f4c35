import { pino, type Logger } from "pino";

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
 * @param level pino level
 * @default "info"
 */
export function createLogger(level = "info"): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT, censor: "[redacted]" } }, pino.destination(2));
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
