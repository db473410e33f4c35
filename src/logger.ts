import { pino, type DestinationStream, type Logger } from "pino";

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
 * the bot token. So every line is also scrubbed of the given secrets as it is
 * written, whatever object they came in.
 *
 * @param level pino level
 * @default "info"
 * @param secrets values that must never appear in the log (the platform tokens)
 * @param destination where lines go; standard error unless a test captures them
 */
export function createLogger(level = "info", secrets: readonly (string | undefined)[] = [], destination: DestinationStream = pino.destination(2)): Logger {
  const known = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length >= 4);
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT, censor: "[redacted]" },
      ...(known.length > 0 ? { hooks: { streamWrite: (line: string) => scrub(line, known) } } : {}),
    },
    destination,
  );
}

/** Replaces each secret, as written and as it would appear inside JSON or a URL, with "[redacted]". */
function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) out = out.split(form).join("[redacted]");
  }
  return out;
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
