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
 * @param destination where lines go; standard error unless a test captures them
 */
export function createLogger(level = "info", secrets: readonly (string | undefined)[] = [], destination: DestinationStream = pino.destination(2)): Logger {
  rememberSecrets(secrets);
  return pino({ level, base: undefined, redact: { paths: REDACT, censor: "[redacted]" }, hooks: { streamWrite: scrub } }, destination);
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
