import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/ConfigError.js";
import { readConfig } from "../../src/config/readConfig.js";

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
  ])("names the variable at fault in %j, never the secret", (env, variable, secret) => {
    const error = failure(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain(secret);
  });
});
