/**
 * The one place text is cleaned of secrets before anyone sees it: every log
 * line (logger.ts), every error a command-line tool prints (runCli.ts), every
 * /readyz detail (HttpServer.ts). Library errors carry secrets where no
 * redaction path reaches: grammY's fetch errors name the request URL, which
 * holds the bot token (`/bot<token>/getMe`); a database driver may repeat a
 * connection string. So two nets: the secret values this process knows (the
 * tokens, the webhook secret, the salt, the database password), in every
 * spelling they may take, and the shapes secrets have even when the value is
 * not known here (a token in a Bot API path, a password in a URL).
 */

const REDACTED = "[redacted]";

/** Environment variables whose values are secrets; a STORE_URL's password is taken from its URL. */
const SECRET_VARIABLES = ["DISCORD_TOKEN", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "STORE_SALT"] as const;

/** Values shorter than this are left alone: replacing "1" everywhere would garble the text, not protect it. */
const MIN_SECRET_LENGTH = 4;

const SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  // A Telegram bot token, in a Bot API path or alone: digits, a colon, 30+ URL-safe characters.
  [/(?<!\d)\d{5,}:[\w-]{30,}/g, REDACTED],
  // A Discord bot token: three dot-separated base64url parts.
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, REDACTED],
  // Credentials in an Authorization header as libraries print it.
  [/\b(Bot|Bearer|Basic)\s+[\w.~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // A password in a URL's user information, or as a query parameter.
  // (A password already masked as "***", as STORE_URL is shown, stays as it is.)
  [/(\b[a-z][\w+.-]*:\/\/[^\s:/@]*:)(?!\*\*\*@)[^\s@/]+@/gi, `$1${REDACTED}@`],
  [/([?&](?:password|pass|pwd|secret|token)=)[^&\s"']+/gi, `$1${REDACTED}`],
];

const known = new Set<string>();
/** `known`, longest first, so a secret that contains another is removed whole. */
let longestFirst: string[] = [];

/** Adds values to those {@link scrub} removes, for the life of the process. */
export function rememberSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) known.add(form);
  }
  longestFirst = [...known].sort((a, b) => b.length - a.length);
}

/** The secret values in an environment (the process's by default), as {@link rememberSecrets} takes them. */
export function secretsInEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  const values: Array<string | undefined> = SECRET_VARIABLES.map((name) => env[name]?.trim());
  const storeUrl = env.STORE_URL?.trim();
  if (storeUrl && URL.canParse(storeUrl)) {
    const url = new URL(storeUrl);
    for (const password of [url.password, url.searchParams.get("password") ?? ""]) {
      if (!password) continue;
      values.push(password);
      try {
        values.push(decodeURIComponent(password));
      } catch {
        // Not valid percent-encoding: the raw form is already listed.
      }
    }
  }
  return values.filter((value): value is string => typeof value === "string" && value !== "");
}

/** `text` with every remembered secret and every secret-shaped part replaced by "[redacted]". */
export function scrub(text: string): string {
  let out = text;
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/** An error's message (or the thrown value as text), scrubbed: what may be shown or printed. */
export function scrubbedMessage(error: unknown): string {
  return scrub(error instanceof Error ? error.message : String(error));
}
