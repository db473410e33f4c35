import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_AUTO_ANSWER_LIMITS, DEFAULT_CLAIM_OPTIONS, DEFAULT_RATE_LIMIT, type RateLimitOptions } from "../pipeline/defaults.js";
import { STORE_DEFAULTS } from "../store/defaults.js";
import { StoreError } from "../store/StoreError.js";
import { DEFAULT_STORE_FILE, parseStoreUrl, storeUrlSecrets, type StoreLocation } from "../store/storeUrl.js";
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
const wholeNumber = (what: string) => optionalText.refine((value) => value === undefined || /^\d{1,9}$/.test(value), `must be ${what}`);
const positiveInteger = (what: string) => optionalText.refine((value) => value === undefined || /^[1-9]\d{0,8}$/.test(value), `must be ${what}`);
// Telegram's own rule for secret_token in setWebhook.
const webhookSecret = optionalText.refine(
  (value) => value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value),
  "must be 1–256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for a webhook secret)",
);
/** Discord role ids, separated by commas. */
const roleIds = optionalText.refine(
  (value) => value === undefined || value.split(",").every((id) => /^\d{17,20}$/.test(id.trim())),
  "must be Discord role IDs (17–20 digits), separated by commas",
);

const webhookUrl = optionalText.refine(
  (value) => value === undefined || (URL.canParse(value) && new URL(value).protocol === "https:"),
  "must be the public https URL Telegram will post updates to, such as https://bot.example/tg",
);
/** `N`, `N/SECONDS` (also `N/SECONDSs`), either followed by `burst B`; `0` turns the limit off. */
const RATE_LIMIT_FORM = /^(\d{1,6})(?:\/([1-9]\d{0,6})s?)?(?:\s+burst\s+([1-9]\d{0,6}))?$/i;
const rateLimit = optionalText.refine(
  (value) => value === undefined || RATE_LIMIT_FORM.test(value),
  "must be N/SECONDS, optionally followed by burst B (such as 10/60s burst 20: bursts of 20, then 10 a minute), N (per 60 s), or 0 to turn the limit off",
);

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_ROOT: optionalUrl,
  TELEGRAM_BOT_TOKEN: optionalText.refine(
    (value) => value === undefined || /^\d+:[\w-]+$/.test(value),
    "does not look like a Telegram bot token (digits, a colon, then letters); copy it again from @BotFather",
  ),
  TELEGRAM_API_ROOT: optionalUrl,
  CORPUS_DIR: optionalText,
  COMMANDS_DIR: optionalText,
  LOG_LEVEL: optionalText.refine((value) => value === undefined || LOG_LEVELS.includes(value), `must be one of ${LOG_LEVELS.join(", ")}`),
  PORT: optionalText.refine((value) => value === undefined || (/^\d{1,5}$/.test(value) && Number(value) <= 65_535), "must be a TCP port number (0–65535)"),
  TELEGRAM_WEBHOOK_URL: webhookUrl,
  TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  DISCORD_MODERATOR_ROLES: roleIds,
  DISCORD_TRUSTED_ROLES: roleIds,
  DISCORD_PUBLIC_KEY: optionalText.refine(
    (value) => value === undefined || /^[0-9a-fA-F]{64}$/.test(value),
    "must be the application's public key: 64 hexadecimal characters (General Information → Public Key)",
  ),
  STORE_URL: optionalText,
  STORE_SALT: optionalText.refine(
    (value) => value === undefined || value.length >= 16,
    "must be at least 16 characters (a long random string; keep it secret and never change it)",
  ),
  RETENTION_DAYS: positiveInteger("a whole number of days, 1 or more"),
  RATE_LIMIT: rateLimit,
  CLAIM_LEASE_SECONDS: positiveInteger("a whole number of seconds, 1 or more"),
  AUTO_ANSWER_HOURLY_CAP: wholeNumber("a whole number of answers per channel per hour, 0 or more"),
  AUTO_ANSWER_BACKOFF_MINUTES: wholeNumber("a whole number of minutes, 0 or more"),
  CACHE_DIR: optionalText,
  MAX_FILE_MB: positiveInteger("a whole number of megabytes (MiB), 1 or more"),
  DATA_DIR: optionalText,
  PUBLIC_URL: optionalText.refine(
    (value) => value === undefined || (URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol) && new URL(value).search === ""),
    "must be the bot's public base URL, http(s) without a query, such as https://bot.example (the moderators' links point there)",
  ),
  SOURCES_ALLOW_PRIVATE: optionalText.refine(
    (value) => value === undefined || value === "0" || value === "1",
    "must be 1 (fetch web sources from private and loopback addresses) or 0",
  ),
});

/**
 * Defaults of the settings no other module owns, each with its reason. The
 * others come from their module's own table (the store's, the pipeline's,
 * the HTTP server's), so each default is written once.
 */
export const CONFIG_DEFAULTS = {
  /** Working data (database, caches) stays beside the bot unless told otherwise. */
  dataDir: "data",
  /**
   * Base of the moderators' login links (`/admin`) until PUBLIC_URL says where the bot is reachable:
   * this machine, on the port the HTTP server listens on (PORT replaced by it).
   */
  publicUrl: "http://localhost:PORT",
} as const;

/** The base of the moderators' links: PUBLIC_URL, else the default on the port the server listens on; no trailing slash. */
export function publicUrlOf(config: Pick<Config, "publicUrl">, port: number): string {
  return (config.publicUrl ?? CONFIG_DEFAULTS.publicUrl.replace("PORT", String(port))).replace(/\/+$/, "");
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
  /** Roles whose members' replies to questions are offered as answers, like a moderator's (`DISCORD_TRUSTED_ROLES`). */
  readonly trustedRoles?: readonly string[];
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
  readonly kind: StoreLocation["dialect"];
  /** Salt for hashing user ids; unset, the store keeps its own. */
  readonly salt?: string;
  /** Answers and votes older than this are deleted. */
  readonly retentionDays: number;
}

/** Questions allowed per user per platform: a burst, then a steady rate; absent when the limit is off (`RATE_LIMIT=0`). */
export type RateLimitConfig = Required<RateLimitOptions>;

/** Everything the bot reads from its environment, checked. */
export interface Config {
  readonly discord?: DiscordConfig;
  readonly telegram?: TelegramConfig;
  readonly corpusDir: string;
  readonly commandsDir: string;
  /** Set only when LOG_LEVEL is; the caller picks the default for its mode. */
  readonly logLevel?: string;
  /** The HTTP server's port (health, readiness, metrics, webhooks), when PORT is set; else the server's default (8080). */
  readonly port?: number;
  readonly store: StoreConfig;
  /** Absent when the limit is off. */
  readonly rateLimit?: RateLimitConfig;
  /** How long a replica's claim on an update holds before another may answer it (the first died mid-answer). */
  readonly claimLeaseSeconds: number;
  /** Auto-answering: at most this many automatic answers per channel per hour (AUTO_ANSWER_HOURLY_CAP). */
  readonly autoAnswerHourlyCap: number;
  /** Auto-answering: quiet in a thread or reply chain this long after a moderator wrote there (AUTO_ANSWER_BACKOFF_MINUTES). */
  readonly autoAnswerBackOffMinutes: number;
  /** Working data: the SQLite database by default, the salt file, caches. */
  readonly dataDir: string;
  /** Caches that can be rebuilt (such as a saved index, fetched web sources); default `<DATA_DIR>/cache`. */
  readonly cacheDir: string;
  /** Largest corpus file read, in MiB; set only when MAX_FILE_MB is (the default is the corpus's own limit). */
  readonly maxFileMb?: number;
  /** Fetch web sources from private and loopback addresses (`SOURCES_ALLOW_PRIVATE=1`); off by default. */
  readonly sourcesAllowPrivate: boolean;
  /** PUBLIC_URL, when set: where the moderators' links point (see publicUrlOf for the default). An https one makes the session cookie Secure. */
  readonly publicUrl?: string;
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
    throw new ConfigError(
      "TELEGRAM_WEBHOOK_SECRET",
      "TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL, so that only Telegram can post updates (1–256 characters of A-Z, a-z, 0-9, _ and -).",
    );
  }
  const dataDir = values.DATA_DIR ?? CONFIG_DEFAULTS.dataDir;
  const storeUrlText = values.STORE_URL ?? `sqlite:${join(dataDir, DEFAULT_STORE_FILE)}`;
  const location = checkStoreUrl(storeUrlText);
  const rate = parseRateLimit(values.RATE_LIMIT);
  const webhook =
    values.TELEGRAM_WEBHOOK_URL && values.TELEGRAM_WEBHOOK_SECRET
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
            ...(values.DISCORD_TRUSTED_ROLES ? { trustedRoles: values.DISCORD_TRUSTED_ROLES.split(",").map((id) => id.trim()) } : {}),
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
    ...(values.PORT === undefined ? {} : { port: Number(values.PORT) }),
    store: {
      url: storeUrlText,
      kind: location.dialect,
      ...(values.STORE_SALT ? { salt: values.STORE_SALT } : {}),
      retentionDays: values.RETENTION_DAYS === undefined ? STORE_DEFAULTS.retentionDays : Number(values.RETENTION_DAYS),
    },
    ...(rate ? { rateLimit: rate } : {}),
    claimLeaseSeconds: values.CLAIM_LEASE_SECONDS === undefined ? DEFAULT_CLAIM_OPTIONS.leaseMs / 1000 : Number(values.CLAIM_LEASE_SECONDS),
    autoAnswerHourlyCap: values.AUTO_ANSWER_HOURLY_CAP === undefined ? DEFAULT_AUTO_ANSWER_LIMITS.hourlyCap : Number(values.AUTO_ANSWER_HOURLY_CAP),
    autoAnswerBackOffMinutes:
      values.AUTO_ANSWER_BACKOFF_MINUTES === undefined ? DEFAULT_AUTO_ANSWER_LIMITS.backOffMs / 60_000 : Number(values.AUTO_ANSWER_BACKOFF_MINUTES),
    dataDir,
    cacheDir: values.CACHE_DIR ?? join(dataDir, "cache"),
    ...(values.MAX_FILE_MB ? { maxFileMb: Number(values.MAX_FILE_MB) } : {}),
    sourcesAllowPrivate: values.SOURCES_ALLOW_PRIVATE === "1",
    ...(values.PUBLIC_URL ? { publicUrl: values.PUBLIC_URL.replace(/\/+$/, "") } : {}),
  };
}

/** The store's own parser decides, so a URL the check accepts is one the store opens. */
function checkStoreUrl(url: string): StoreLocation {
  try {
    return parseStoreUrl(url);
  } catch (error) {
    // The store's message shows the URL with its password masked.
    if (error instanceof StoreError) throw new ConfigError("STORE_URL", `${error.message}.`);
    throw error;
  }
}

/**
 * `N/SECONDS [burst B]` or `N` (per the default window); `0` turns the limit
 * off. Without `burst`, the burst is N, as the limit was before it had one.
 * Already checked by the schema.
 */
function parseRateLimit(text: string | undefined): RateLimitConfig | undefined {
  if (text === undefined) return DEFAULT_RATE_LIMIT;
  const [, limit = "0", seconds, burst] = RATE_LIMIT_FORM.exec(text) ?? [];
  if (Number(limit) === 0) return undefined;
  return {
    limit: Number(limit),
    windowMs: seconds === undefined ? DEFAULT_RATE_LIMIT.windowMs : Number(seconds) * 1000,
    burst: burst === undefined ? Number(limit) : Number(burst),
  };
}

/**
 * Every secret in the configuration (platform tokens, the webhook secret,
 * the salt, the database password), for the logger to scrub from every line
 * (`createLogger(level, configSecrets(config))`).
 */
export function configSecrets(config: Config): string[] {
  const secrets = [config.discord?.token, config.telegram?.token, config.telegram?.webhook?.secret, config.store.salt, ...storeUrlSecrets(config.store.url)];
  return [...new Set(secrets.filter((secret): secret is string => typeof secret === "string" && secret !== ""))];
}
