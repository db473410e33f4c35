import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/ConfigError.js";
import { configSecrets, readConfig } from "../../src/config/readConfig.js";

function failure(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("readConfig", () => {
  it("starts no platform without tokens, and treats empty values as unset", () => {
    const config = readConfig({ DISCORD_TOKEN: "", TELEGRAM_BOT_TOKEN: "", LOG_LEVEL: "" });
    expect(config.discord).toBeUndefined();
    expect(config.telegram).toBeUndefined();
    expect(config.logLevel).toBeUndefined();
    expect(config.corpusDir).toMatch(/corpus$/);
  });

  it("reads both platforms", () => {
    const config = readConfig({
      DISCORD_TOKEN: "abc",
      DISCORD_CLIENT_ID: "123456789012345678",
      DISCORD_API_ROOT: "http://127.0.0.1:9/api",
      TELEGRAM_BOT_TOKEN: "123:abc-DEF_g",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8",
    });
    expect(config.discord).toEqual({ token: "abc", clientId: "123456789012345678", apiRoot: "http://127.0.0.1:9/api" });
    expect(config.telegram).toEqual({ token: "123:abc-DEF_g", apiRoot: "http://127.0.0.1:8" });
  });

  it.each([
    ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api"],
    ["http://127.0.0.1:9/api/", "http://127.0.0.1:9/api"],
    ["http://127.0.0.1:9/api/v10", "http://127.0.0.1:9/api"],
    ["http://127.0.0.1:9/api/v10/", "http://127.0.0.1:9/api"],
    ["https://proxy.example/", "https://proxy.example"],
  ])("gives discord.js the REST root without a trailing slash or version: %s", (root, expected) => {
    expect(readConfig({ DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "123456789012345678", DISCORD_API_ROOT: root }).discord?.apiRoot).toBe(expected);
  });

  it.each([
    ["http://127.0.0.1:8", "http://127.0.0.1:8"],
    ["http://127.0.0.1:8/", "http://127.0.0.1:8"],
    ["https://tg.example/prefix//", "https://tg.example/prefix"],
  ])("gives grammY the Bot API root without a trailing slash: %s", (root, expected) => {
    expect(readConfig({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_API_ROOT: root }).telegram?.apiRoot).toBe(expected);
  });

  it.each([
    [{ DISCORD_TOKEN: "secret-discord" }, "DISCORD_CLIENT_ID", "secret-discord"],
    [{ TELEGRAM_BOT_TOKEN: "secret telegram" }, "TELEGRAM_BOT_TOKEN", "secret telegram"],
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_API_ROOT: "not a url" }, "TELEGRAM_API_ROOT", "1:a"],
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_API_ROOT: "localhost:8081" }, "TELEGRAM_API_ROOT", "1:a"],
    [{ DISCORD_TOKEN: "tok", DISCORD_CLIENT_ID: "123456789012345678", DISCORD_API_ROOT: "::" }, "DISCORD_API_ROOT", "tok"],
    [{ DISCORD_CLIENT_ID: "abc" }, "DISCORD_CLIENT_ID", "nothing"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", "nothing"],
    [{ AUTO_ANSWER_HOURLY_CAP: "lots" }, "AUTO_ANSWER_HOURLY_CAP", "nothing"],
    [{ AUTO_ANSWER_BACKOFF_MINUTES: "-5" }, "AUTO_ANSWER_BACKOFF_MINUTES", "nothing"],
  ])("names the variable at fault in %j, never the secret", (env, variable, secret) => {
    const error = failure(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain(secret);
  });

  it("has the documented operating defaults", () => {
    const config = readConfig({});
    // The HTTP server's own default (8080) applies.
    expect(config.port).toBeUndefined();
    expect(config.store).toEqual({ url: "sqlite:data/cited.db", kind: "sqlite", retentionDays: 90 });
    expect(config.rateLimit).toEqual({ limit: 10, windowMs: 60_000, burst: 20 });
    expect(config.claimLeaseSeconds).toBe(120);
    expect(config.autoAnswerHourlyCap).toBe(20);
    expect(config.autoAnswerBackOffMinutes).toBe(30);
    expect(config.dataDir).toBe("data");
    expect(config.cacheDir).toBe("data/cache");
  });

  it("puts the default database and cache in DATA_DIR", () => {
    const config = readConfig({ DATA_DIR: "/var/lib/cited" });
    expect(config.store.url).toBe("sqlite:/var/lib/cited/cited.db");
    expect(config.cacheDir).toBe("/var/lib/cited/cache");
    expect(readConfig({ DATA_DIR: "/var/lib/cited", CACHE_DIR: "/tmp/c" }).cacheDir).toBe("/tmp/c");
  });

  it("reads the operating settings", () => {
    const config = readConfig({
      PORT: "0",
      STORE_URL: "postgres://cited:pw@db:5432/cited",
      STORE_SALT: "0123456789abcdef-salt",
      RETENTION_DAYS: "30",
      RATE_LIMIT: "5/10",
    });
    expect(config.port).toBe(0);
    expect(config.store).toEqual({ url: "postgres://cited:pw@db:5432/cited", kind: "postgres", salt: "0123456789abcdef-salt", retentionDays: 30 });
    expect(config.rateLimit).toEqual({ limit: 5, windowMs: 10_000, burst: 5 });
    expect(readConfig({ RATE_LIMIT: "3" }).rateLimit).toEqual({ limit: 3, windowMs: 60_000, burst: 3 });
    expect(readConfig({ RATE_LIMIT: "10/60s burst 20" }).rateLimit).toEqual({ limit: 10, windowMs: 60_000, burst: 20 });
    expect(readConfig({ RATE_LIMIT: "2/1 burst 5" }).rateLimit).toEqual({ limit: 2, windowMs: 1000, burst: 5 });
    expect(readConfig({ RATE_LIMIT: "0/60 burst 5" }).rateLimit).toBeUndefined();
    expect(readConfig({ RATE_LIMIT: "0" }).rateLimit).toBeUndefined();
    expect(readConfig({ STORE_URL: "postgresql://h/db" }).store.kind).toBe("postgres");
  });

  it.each([
    ["sqlite:data/cited.db", "sqlite"],
    ["sqlite:/abs/cited.db", "sqlite"],
    ["sqlite:///abs/cited.db", "sqlite"],
    ["sqlite://sub/x.db", "sqlite"],
    ["sqlite::memory:", "sqlite"],
    ["postgres://u:p@host:5432/db", "postgres"],
    ["postgresql://host/db", "postgres"],
  ])("accepts STORE_URL %s, as the store does", (url, kind) => {
    expect(readConfig({ STORE_URL: url }).store).toMatchObject({ url, kind });
  });

  it.each([
    "sqlite:",
    "mysql://u:hunter22@host/db",
    "postgres://",
    "postgres://u:hunter22@h",
    "postgres://u:p@h:5432/",
    "data/cited.db",
    "postgres://h?user=u&password=hunter22",
  ])("refuses STORE_URL %s, as the store does, without printing a password", (url) => {
    const error = failure({ STORE_URL: url });
    expect(error.variable).toBe("STORE_URL");
    expect(error.message).toMatch(/expected|needs/);
    expect(error.message).not.toContain("hunter22");
  });

  it("takes the Telegram webhook path from its URL", () => {
    const config = readConfig({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://bot.example/tg", TELEGRAM_WEBHOOK_SECRET: "s3cret_-X" });
    expect(config.telegram?.webhook).toEqual({ url: "https://bot.example/tg", path: "/tg", secret: "s3cret_-X" });
    expect(readConfig({ TELEGRAM_BOT_TOKEN: "1:a" }).telegram?.webhook).toBeUndefined();
  });

  it("reads the Discord public key for HTTP interactions", () => {
    const key = "AB".repeat(32);
    const config = readConfig({ DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "123456789012345678", DISCORD_PUBLIC_KEY: key });
    expect(config.discord?.publicKey).toBe(key.toLowerCase());
  });

  it.each([
    [{ PORT: "70000" }, "PORT", "70000"],
    [{ PORT: "http" }, "PORT", "http"],
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://mybot.test/tg" }, "TELEGRAM_WEBHOOK_SECRET", "mybot.test"],
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "http://mybot.test/tg", TELEGRAM_WEBHOOK_SECRET: "abc" }, "TELEGRAM_WEBHOOK_URL", "mybot.test"],
    [{ TELEGRAM_WEBHOOK_URL: "https://mybot.test/tg", TELEGRAM_WEBHOOK_SECRET: "abc" }, "TELEGRAM_BOT_TOKEN", "mybot.test"],
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://b.example/tg", TELEGRAM_WEBHOOK_SECRET: "has space" }, "TELEGRAM_WEBHOOK_SECRET", "has space"],
    [
      { TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://b.example/tg", TELEGRAM_WEBHOOK_SECRET: "x".repeat(257) },
      "TELEGRAM_WEBHOOK_SECRET",
      "x".repeat(257),
    ],
    [{ DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "123456789012345678", DISCORD_PUBLIC_KEY: "zz".repeat(32) }, "DISCORD_PUBLIC_KEY", "zz".repeat(32)],
    [{ DISCORD_PUBLIC_KEY: "ab".repeat(32) }, "DISCORD_TOKEN", "ab".repeat(32)],
    [{ STORE_URL: "mysql://root:hunter2@db/cited" }, "STORE_URL", "hunter2"],
    [{ STORE_SALT: "short-secret" }, "STORE_SALT", "short-secret"],
    [{ RETENTION_DAYS: "0" }, "RETENTION_DAYS", "nothing"],
    [{ RETENTION_DAYS: "1.5" }, "RETENTION_DAYS", "nothing"],
    [{ RATE_LIMIT: "ten" }, "RATE_LIMIT", "ten"],
    [{ RATE_LIMIT: "10/0" }, "RATE_LIMIT", "nothing"],
    [{ RATE_LIMIT: "-1" }, "RATE_LIMIT", "nothing"],
    [{ RATE_LIMIT: "10/60 burst 0" }, "RATE_LIMIT", "nothing"],
    [{ RATE_LIMIT: "10/60 bursts" }, "RATE_LIMIT", "nothing"],
  ])("checks the operating settings: %j", (env, variable, secret) => {
    const error = failure(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain(secret);
  });

  it("lists every secret for the logger to scrub", () => {
    const config = readConfig({
      DISCORD_TOKEN: "discord-token",
      DISCORD_CLIENT_ID: "123456789012345678",
      TELEGRAM_BOT_TOKEN: "1:telegram",
      TELEGRAM_WEBHOOK_URL: "https://bot.example/tg",
      TELEGRAM_WEBHOOK_SECRET: "hook_secret",
      STORE_URL: "postgres://cited:p%40ss@db/cited",
      STORE_SALT: "a-very-long-salt-value",
    });
    expect(configSecrets(config).sort()).toEqual(["1:telegram", "a-very-long-salt-value", "discord-token", "hook_secret", "p%40ss", "p@ss"].sort());
    expect(configSecrets(readConfig({}))).toEqual([]);
    expect(configSecrets(readConfig({ STORE_URL: "postgres://db/cited?user=cited&password=hunter%2022" }))).toEqual(["hunter%2022", "hunter 22"]);
  });
});

describe("DISCORD_MODERATOR_ROLES", () => {
  it("reads role ids separated by commas, and names the variable when one is not an id", () => {
    const base = { DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "111111111111111111" };
    expect(readConfig({ ...base, DISCORD_MODERATOR_ROLES: "222222222222222222, 333333333333333333" }).discord?.moderatorRoles).toEqual([
      "222222222222222222",
      "333333333333333333",
    ]);
    expect(() => readConfig({ ...base, DISCORD_MODERATOR_ROLES: "mods" })).toThrow(/DISCORD_MODERATOR_ROLES/);
  });
});
