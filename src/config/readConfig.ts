import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "./ConfigError.js";
import { DEFAULT_COMMANDS_DIR, DEFAULT_CORPUS_DIR } from "./paths.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
// "localhost:8081" parses as a URL with the scheme "localhost:", so insist on http(s).
const optionalUrl = optionalText.refine(
  (value) => value === undefined || (URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol)),
  "must be an absolute http(s) URL such as http://127.0.0.1:8081",
);
/**
 * An API base URL as operators write it, in the form the clients join paths
 * to: grammY appends `/bot<token>/<method>` and discord.js `/v10/<route>`, so
 * a trailing slash (and, for Discord, a trailing `/v10`) would double up.
 */
export function normalizeApiRoot(url: string, stripVersion = false): string {
  const trimmed = url.replace(/\/+$/, "");
  return stripVersion ? trimmed.replace(/\/v\d+$/, "") : trimmed;
}
const snowflake = optionalText.refine((value) => value === undefined || /^\d{17,20}$/.test(value), "must be a Discord ID (17–20 digits)");
const positiveInteger = (what: string) => optionalText.refine((value) => value === undefined || /^[1-9]\d{0,8}$/.test(value), `must be ${what}`);
// Telegram's own rule for secret_token in setWebhook.
const webhookSecret = optionalText.refine((value) => value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value), "must be 1–256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for a webhook secret)");
const webhookUrl = optionalText.refine(
  (value) => value === undefined || (URL.canParse(value) && new URL(value).protocol === "https:"),
  "must be the public https URL Telegram will post updates to, such as https://bot.example/tg",
);
const storeUrl = optionalText.refine((value) => value === undefined || parseStoreUrl(value) !== undefined, "must be sqlite:PATH (such as sqlite:data/cited.db) or postgres://user:password@host:5432/database");
const rateLimit = optionalText.refine((value) => value === undefined || /^\d{1,6}(\/[1-9]\d{0,6})?$/.test(value), "must be N or N/SECONDS (such as 10/60), or 0 to turn the limit off");

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_ROOT: optionalUrl,
  TELEGRAM_BOT_TOKEN: optionalText.refine((value) => value === undefined || /^\d+:[\w-]+$/.test(value), "does not look like a Telegram bot token (digits, a colon, then letters); copy it again from @BotFather"),
  TELEGRAM_API_ROOT: optionalUrl,
  CORPUS_DIR: optionalText,
  COMMANDS_DIR: optionalText,
  LOG_LEVEL: optionalText.refine((value) => value === undefined || LOG_LEVELS.includes(value), `must be one of ${LOG_LEVELS.join(", ")}`),
  PORT: optionalText.refine((value) => value === undefined || (/^\d{1,5}$/.test(value) && Number(value) <= 65_535), "must be a TCP port number (0–65535)"),
  TELEGRAM_WEBHOOK_URL: webhookUrl,
  TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  DISCORD_MODERATOR_ROLES: optionalText.refine((value) => value === undefined || value.split(",").every((id) => /^\d{17,20}$/.test(id.trim())), "must be Discord role IDs (17–20 digits), separated by commas"),
  DISCORD_PUBLIC_KEY: optionalText.refine((value) => value === undefined || /^[0-9a-fA-F]{64}$/.test(value), "must be the application's public key: 64 hexadecimal characters (General Information → Public Key)"),
  STORE_URL: storeUrl,
  STORE_SALT: optionalText.refine((value) => value === undefined || value.length >= 16, "must be at least 16 characters (a long random string; keep it secret and never change it)"),
  RETENTION_DAYS: positiveInteger("a whole number of days, 1 or more"),
  RATE_LIMIT: rateLimit,
  CLAIM_LEASE_SECONDS: positiveInteger("a whole number of seconds, 1 or more"),
  CACHE_DIR: optionalText,
  DATA_DIR: optionalText,
  SOURCES_ALLOW_PRIVATE: optionalText.refine((value) => value === undefined || value === "0" || value === "1", "must be 1 (fetch web sources from private and loopback addresses) or 0"),
});

/**
 * Defaults for the operating settings, each with its reason.
 */
export const CONFIG_DEFAULTS = {
  /** The usual unprivileged HTTP port in containers; the HTTP server runs only with a platform configured. */
  port: 8080,
  /** Working data (database, caches) stays beside the bot unless told otherwise. */
  dataDir: "data",
  /** Long enough for a quarterly look at gaps and votes, short enough not to hoard questions. */
  retentionDays: 90,
  /** Ten questions a minute is more than a person reads, and stops one flood delaying everyone else. */
  rateLimit: { limit: 10, windowSeconds: 60 },
  /**
   * Longer than an answer can take, its send's retries included, so a live
   * replica is never doubled; short enough that an update a dead replica
   * held is answered within minutes.
   */
  claimLeaseSeconds: 120,
} as const;

/** What `STORE_URL` selects. */
export type StoreUrl = { readonly kind: "sqlite"; readonly path: string } | { readonly kind: "postgres" };

/**
 * Reads a `STORE_URL`: `sqlite:PATH` (PATH relative to the working directory,
 * or absolute) or `postgres://…` / `postgresql://…`.
 *
 * @returns undefined when it is neither
 */
export function parseStoreUrl(url: string): StoreUrl | undefined {
  if (url.startsWith("sqlite:")) {
    // Also accept sqlite:///abs/path and sqlite://rel, as other tools write them.
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "").replace(/^\/\//, "");
    return path === "" ? undefined : { kind: "sqlite", path };
  }
  if (/^postgres(ql)?:\/\//.test(url) && URL.canParse(url) && new URL(url).hostname !== "") return { kind: "postgres" };
  return undefined;
}

export interface DiscordConfig {
  readonly token: string;
  readonly clientId: string;
  /** Register commands in this guild only (instant), instead of globally. */
  readonly guildId?: string;
  /** REST API base URL before `/v10` (discord.js `rest.api`), for a proxy or a test server; discord.js default otherwise. */
  readonly apiRoot?: string;
  /** HTTP interactions mode (no gateway connection) when set: the key that checks each request's signature, 64 hex characters. */
  readonly publicKey?: string;
  /** Roles whose members moderate, besides members with Manage Messages. */
  readonly moderatorRoles?: readonly string[];
}

export interface TelegramConfig {
  readonly token: string;
  /** Bot API server, for a self-hosted one or a test server; api.telegram.org otherwise. */
  readonly apiRoot?: string;
  /** Webhook mode (no long polling) when set. */
  readonly webhook?: TelegramWebhookConfig;
}

export interface TelegramWebhookConfig {
  /** The public https URL Telegram posts to (`setWebhook`). */
  readonly url: string;
  /** The path of `url`, where the bot's HTTP server takes the updates: `https://bot.example/tg` → `/tg`. */
  readonly path: string;
  /** Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`; a request without it is refused. */
  readonly secret: string;
}

export interface StoreConfig {
  /** `sqlite:PATH` or `postgres://…`, as given (it may hold a password: never log it). */
  readonly url: string;
  readonly kind: StoreUrl["kind"];
  /** Salt for hashing user ids; unset, the store keeps its own. */
  readonly salt?: string;
  /** Answers and votes older than this are deleted. */
  readonly retentionDays: number;
}

/** Questions allowed per user per platform in a window; absent when the limit is off (`RATE_LIMIT=0`). */
export interface RateLimitConfig {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Everything the bot reads from its environment, checked. */
export interface Config {
  readonly discord?: DiscordConfig;
  readonly telegram?: TelegramConfig;
  readonly corpusDir: string;
  readonly commandsDir: string;
  /** Set only when LOG_LEVEL is; the caller picks the default for its mode. */
  readonly logLevel?: string;
  /** The HTTP server's port (health, readiness, metrics, webhooks); the caller runs it only with a platform configured. */
  readonly port: number;
  readonly store: StoreConfig;
  /** Absent when the limit is off. */
  readonly rateLimit?: RateLimitConfig;
  /** How long a replica's claim on an update holds before another may answer it (the first died mid-answer). */
  readonly claimLeaseSeconds: number;
  /** Working data: the SQLite database by default, the salt file, caches. */
  readonly dataDir: string;
  /** Caches that can be rebuilt (such as a saved index, fetched web sources); default `<DATA_DIR>/cache`. */
  readonly cacheDir: string;
  /** Fetch web sources from private and loopback addresses (`SOURCES_ALLOW_PRIVATE=1`); off by default. */
  readonly sourcesAllowPrivate: boolean;
}

/**
 * Reads and checks the configuration. Error messages name the variable and
 * what is wrong with it, never its value.
 *
 * @throws ConfigError for the first bad variable
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, `${variable} ${issue?.message ?? "is invalid"}.`);
  }
  const values = result.data;
  if (values.DISCORD_TOKEN && !values.DISCORD_CLIENT_ID) {
    throw new ConfigError("DISCORD_CLIENT_ID", "DISCORD_CLIENT_ID is required with DISCORD_TOKEN (the application ID from the Discord developer portal).");
  }
  // Interactions still need the token (follow-up messages, `npm run register`); a key alone would start nothing.
  if (values.DISCORD_PUBLIC_KEY && !values.DISCORD_TOKEN) {
    throw new ConfigError("DISCORD_TOKEN", "DISCORD_TOKEN (and DISCORD_CLIENT_ID) are required with DISCORD_PUBLIC_KEY.");
  }
  if (values.TELEGRAM_WEBHOOK_URL && !values.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN is required with TELEGRAM_WEBHOOK_URL.");
  }
  if (values.TELEGRAM_WEBHOOK_URL && !values.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError("TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL, so that only Telegram can post updates (1–256 characters of A-Z, a-z, 0-9, _ and -).");
  }
  const dataDir = values.DATA_DIR ?? CONFIG_DEFAULTS.dataDir;
  const storeUrlText = values.STORE_URL ?? `sqlite:${join(dataDir, "cited.db")}`;
  const rate = parseRateLimit(values.RATE_LIMIT);
  const webhook = values.TELEGRAM_WEBHOOK_URL && values.TELEGRAM_WEBHOOK_SECRET
    ? { url: values.TELEGRAM_WEBHOOK_URL, path: new URL(values.TELEGRAM_WEBHOOK_URL).pathname, secret: values.TELEGRAM_WEBHOOK_SECRET }
    : undefined;
  return {
    ...(values.DISCORD_TOKEN && values.DISCORD_CLIENT_ID
      ? {
          discord: {
            token: values.DISCORD_TOKEN,
            clientId: values.DISCORD_CLIENT_ID,
            ...(values.DISCORD_GUILD_ID ? { guildId: values.DISCORD_GUILD_ID } : {}),
            ...(values.DISCORD_API_ROOT ? { apiRoot: normalizeApiRoot(values.DISCORD_API_ROOT, true) } : {}),
            ...(values.DISCORD_PUBLIC_KEY ? { publicKey: values.DISCORD_PUBLIC_KEY.toLowerCase() } : {}),
            ...(values.DISCORD_MODERATOR_ROLES ? { moderatorRoles: values.DISCORD_MODERATOR_ROLES.split(",").map((id) => id.trim()) } : {}),
          },
        }
      : {}),
    ...(values.TELEGRAM_BOT_TOKEN
      ? {
          telegram: {
            token: values.TELEGRAM_BOT_TOKEN,
            ...(values.TELEGRAM_API_ROOT ? { apiRoot: normalizeApiRoot(values.TELEGRAM_API_ROOT) } : {}),
            ...(webhook ? { webhook } : {}),
          },
        }
      : {}),
    corpusDir: values.CORPUS_DIR ?? DEFAULT_CORPUS_DIR,
    commandsDir: values.COMMANDS_DIR ?? DEFAULT_COMMANDS_DIR,
    ...(values.LOG_LEVEL ? { logLevel: values.LOG_LEVEL } : {}),
    port: values.PORT === undefined ? CONFIG_DEFAULTS.port : Number(values.PORT),
    store: {
      url: storeUrlText,
      // Checked by the schema, or built from DATA_DIR above.
      kind: parseStoreUrl(storeUrlText)?.kind ?? "sqlite",
      ...(values.STORE_SALT ? { salt: values.STORE_SALT } : {}),
      retentionDays: values.RETENTION_DAYS === undefined ? CONFIG_DEFAULTS.retentionDays : Number(values.RETENTION_DAYS),
    },
    ...(rate ? { rateLimit: rate } : {}),
    claimLeaseSeconds: values.CLAIM_LEASE_SECONDS === undefined ? CONFIG_DEFAULTS.claimLeaseSeconds : Number(values.CLAIM_LEASE_SECONDS),
    dataDir,
    cacheDir: values.CACHE_DIR ?? join(dataDir, "cache"),
    sourcesAllowPrivate: values.SOURCES_ALLOW_PRIVATE === "1",
  };
}

/** `N` (per the default window) or `N/SECONDS`; `0` turns the limit off. Already checked by the schema. */
function parseRateLimit(text: string | undefined): RateLimitConfig | undefined {
  if (text === undefined) return CONFIG_DEFAULTS.rateLimit;
  const [limit = "0", seconds] = text.split("/");
  if (Number(limit) === 0) return undefined;
  return { limit: Number(limit), windowSeconds: seconds === undefined ? CONFIG_DEFAULTS.rateLimit.windowSeconds : Number(seconds) };
}

/**
 * Every secret in the configuration (platform tokens, the webhook secret,
 * the salt, the database password), for the logger to scrub from every line
 * (`createLogger(level, configSecrets(config))`).
 */
export function configSecrets(config: Config): string[] {
  const secrets = [config.discord?.token, config.telegram?.token, config.telegram?.webhook?.secret, config.store.salt];
  if (config.store.kind === "postgres" && URL.canParse(config.store.url)) {
    const password = new URL(config.store.url).password;
    // URL keeps it percent-encoded; the driver and its errors may show it either way.
    if (password) secrets.push(password, decodeURIComponent(password));
  }
  return [...new Set(secrets.filter((secret): secret is string => typeof secret === "string" && secret !== ""))];
}
