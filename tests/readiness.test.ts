import { describe, expect, it } from "vitest";
import { APPLICATION_ID, FakeDiscordServer } from "./fakes/fakeDiscordServer.js";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

/**
 * /healthz and /readyz of the real bot in the single-process mode (Telegram
 * long polling, the Discord gateway, SQLite); webhook and HTTP-interactions
 * mode is in tests/replicas.test.ts.
 */

const TELEGRAM_TOKEN = "8080:readiness-token";
const DISCORD_TOKEN = "readiness.discord.token";

const { start: startBot, closers } = useBot({ DISCORD_GUILD_ID: "", CORPUS_DIR: "", COMMANDS_DIR: "", LOG_LEVEL: "info" }, ["./tests/fakes/loopbackOnly.ts"]);

interface Readiness {
  readonly status: number;
  readonly body: { ready: boolean; checks: Array<{ name: string; ready: boolean; detail?: string }> };
}

describe("readiness with long polling and the gateway", () => {
  it("is alive from the start and ready once both platforms are connected, with every check listed", async () => {
    const telegram = new FakeTelegramServer({ token: TELEGRAM_TOKEN });
    const telegramRoot = await telegram.listen();
    closers.push(() => telegram.close());
    const discord = new FakeDiscordServer(DISCORD_TOKEN);
    const discordRoot = await discord.listen();
    closers.push(() => discord.close());

    const bot = startBot({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegramRoot,
      DISCORD_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_ROOT: discordRoot,
    });
    const port = await waitFor(() => /http: listening on [^\s"]+:(\d+)/.exec(bot.logs())?.[1], 30_000, "the HTTP server").catch((error: Error) => {
      throw new Error(`${error.message}; log:\n${bot.logs()}`);
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // Polled: readiness is a state, not an event.
    let state: Readiness | undefined;
    const deadline = Date.now() + 20_000;
    do {
      const response = await fetch(`${base}/readyz`);
      state = { status: response.status, body: (await response.json()) as Readiness["body"] };
      if (state.status === 200) break;
      // Until then, what is missing is said.
      expect(state.body.checks.some((check) => !check.ready)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(state.status, JSON.stringify(state.body)).toBe(200);
    expect(state.body.checks.map((check) => check.name).sort()).toEqual(["discord", "index", "startup", "store", "telegram"]);
    expect(state.body.checks.every((check) => check.ready)).toBe(true);
    expect(state.body.checks.find((check) => check.name === "store")?.detail).toBe("sqlite");

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 40_000);

  it("stays not ready, naming the platform, when a configured platform could not start while the other runs", async () => {
    const telegram = new FakeTelegramServer({ token: TELEGRAM_TOKEN });
    const telegramRoot = await telegram.listen();
    closers.push(() => telegram.close());
    telegram.fail("getMe", 401, "Unauthorized", Infinity);
    const discord = new FakeDiscordServer(DISCORD_TOKEN);
    const discordRoot = await discord.listen();
    closers.push(() => discord.close());

    const bot = startBot({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegramRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example/tg",
      TELEGRAM_WEBHOOK_SECRET: "readiness-secret",
      DISCORD_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_ROOT: discordRoot,
    });
    await waitFor(
      () => (bot.logs().includes("telegram: could not start") && bot.logs().includes("discord: connected")) || undefined,
      30_000,
      "both adapters' outcome",
    ).catch((error: Error) => {
      throw new Error(`${error.message}; log:\n${bot.logs()}`);
    });
    const port = /http: listening on [^\s"]+:(\d+)/.exec(bot.logs())?.[1];
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    const body = (await response.json()) as Readiness["body"];
    expect(response.status).toBe(503);
    expect(body.checks.find((check) => check.name === "telegram")).toMatchObject({ ready: false, detail: expect.stringContaining("could not start") });
    expect(body.checks.filter((check) => check.name !== "telegram").every((check) => check.ready)).toBe(true);
    // The failure is handled as it happens, not reported by Node as unhandled first.
    expect(bot.logs()).not.toContain("PromiseRejectionHandledWarning");
    expect(bot.logs()).not.toContain("unhandled rejection");
  }, 40_000);
});
