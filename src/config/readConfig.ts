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
});

export interface DiscordConfig {
  readonly token: string;
  readonly clientId: string;
  /** Register commands in this guild only (instant), instead of globally. */
  readonly guildId?: string;
  /** REST API base URL before `/v10` (discord.js `rest.api`), for a proxy or a test server; discord.js default otherwise. */
  readonly apiRoot?: string;
}

export interface TelegramConfig {
  readonly token: string;
  /** Bot API server, for a self-hosted one or a test server; api.telegram.org otherwise. */
  readonly apiRoot?: string;
}

/** Everything the bot reads from its environment, checked. */
export interface Config {
  readonly discord?: DiscordConfig;
  readonly telegram?: TelegramConfig;
  readonly corpusDir: string;
  readonly commandsDir: string;
  /** Set only when LOG_LEVEL is; the caller picks the default for its mode. */
  readonly logLevel?: string;
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
  return {
    ...(values.DISCORD_TOKEN && values.DISCORD_CLIENT_ID
      ? {
          discord: {
            token: values.DISCORD_TOKEN,
            clientId: values.DISCORD_CLIENT_ID,
            ...(values.DISCORD_GUILD_ID ? { guildId: values.DISCORD_GUILD_ID } : {}),
            ...(values.DISCORD_API_ROOT ? { apiRoot: normalizeApiRoot(values.DISCORD_API_ROOT, true) } : {}),
          },
        }
      : {}),
    ...(values.TELEGRAM_BOT_TOKEN
      ? { telegram: { token: values.TELEGRAM_BOT_TOKEN, ...(values.TELEGRAM_API_ROOT ? { apiRoot: normalizeApiRoot(values.TELEGRAM_API_ROOT) } : {}) } }
      : {}),
    corpusDir: values.CORPUS_DIR ?? DEFAULT_CORPUS_DIR,
    commandsDir: values.COMMANDS_DIR ?? DEFAULT_COMMANDS_DIR,
    ...(values.LOG_LEVEL ? { logLevel: values.LOG_LEVEL } : {}),
  };
}
