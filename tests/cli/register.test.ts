import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { needsModerator } from "../../src/pipeline/parseArguments.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import { DEFAULT_COMMANDS_DIR } from "../../src/config/paths.js";
import { FakeDiscordServer } from "../fakes/fakeDiscordServer.js";
import { FakeTelegramServer } from "../fakes/fakeTelegramServer.js";

const TOKEN = "123456:register-test";
const SECRET = "webhook_secret-123";

/** Runs the register CLI without blocking this process, which also serves the fake API. */
function runRegister(env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/register.ts"],
      { env: { ...process.env, DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "", ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run register with Telegram", () => {
  let telegram: FakeTelegramServer;
  let apiRoot: string;
  beforeEach(async () => {
    telegram = new FakeTelegramServer({ token: TOKEN });
    apiRoot = await telegram.listen();
  });
  afterEach(() => telegram.close());

  it("sets the webhook with its secret and the handled updates, and publishes the command menu", async () => {
    const result = await runRegister({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example/tg",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("https://bot.example/tg");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(telegram.calls.map((call) => call.method)).toEqual(["setWebhook", "setMyCommands", "setMyCommands"]);
    expect(telegram.calls[0]?.payload).toEqual({
      url: "https://bot.example/tg",
      secret_token: SECRET,
      allowed_updates: ["message", "inline_query", "callback_query"],
    });
    const catalog = await loadCatalog(DEFAULT_COMMANDS_DIR);
    const menu = (commands: typeof catalog.commands) => commands.map((command) => ({ command: command.telegramName, description: command.description }));
    // Everyone sees what anyone may use; group admins also see the moderators' commands.
    expect(telegram.calls[1]?.payload).toEqual({ commands: menu(catalog.commands.filter((command) => !needsModerator(command))) });
    expect(telegram.calls[2]?.payload).toEqual({ commands: menu(catalog.commands), scope: { type: "all_chat_administrators" } });
  }, 20_000);

  it("removes the webhook for long polling when no URL is set", async () => {
    const result = await runRegister({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: "", TELEGRAM_WEBHOOK_SECRET: "" });
    expect(result.status).toBe(0);
    expect(telegram.calls.map((call) => call.method)).toEqual(["deleteWebhook", "setMyCommands", "setMyCommands"]);
  }, 20_000);

  it("fails with one line when Telegram refuses", async () => {
    telegram.fail("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided for webhook");
    const result = await runRegister({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example/tg",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("setWebhook");
    expect(result.stderr).not.toContain(TOKEN);
  }, 20_000);
});

describe("npm run register's failures, in a sentence and without secrets", () => {
  it("answers Discord's 401 with what to do, not an API error dump", async () => {
    const discord = new FakeDiscordServer("the-right-token.abc.def");
    const apiRoot = await discord.listen();
    try {
      const wrong = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GabcDE.abcdefghijklmnopqrstuvwxyz0123";
      const result = await runRegister({ DISCORD_TOKEN: wrong, DISCORD_CLIENT_ID: "123456789012345678", DISCORD_API_ROOT: apiRoot, TELEGRAM_BOT_TOKEN: "" });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: Discord refused the bot token \(401 Unauthorized\): DISCORD_TOKEN/);
      expect(result.stderr).not.toContain("DiscordAPIError");
      expect(result.stderr).not.toContain(wrong);
    } finally {
      await discord.close();
    }
  }, 20_000);

  it("never prints the Telegram token of a request URL when the Bot API cannot be reached or answers HTML", async () => {
    const html = createServer((_request, response) => response.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>"));
    await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
    const { port } = html.address() as AddressInfo;
    const token = "987654321:AAEuNsXnAbCdEfGhIjKlMnOpQrStUvWxYz0";
    try {
      for (const apiRoot of [`http://127.0.0.1:${port}`, "http://127.0.0.1:9"]) {
        const result = await runRegister({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: "", LOG_LEVEL: "debug" });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("error");
        expect(result.stderr).not.toContain(token.split(":")[1]);
      }
    } finally {
      html.close();
    }
  }, 30_000);
});
