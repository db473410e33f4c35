import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { APPLICATION_ID, FakeDiscordServer } from "./fakes/fakeDiscordServer.js";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { waitFor } from "./fakes/waitFor.js";

const TELEGRAM_TOKEN = "555:main-test-token";
const DISCORD_TOKEN = "main.discord.secret";

let child: ChildProcess | undefined;
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  for (const close of closers.splice(0)) await close();
});

function startBot(env: Record<string, string>): { logs: () => string; exited: Promise<number | null> } {
  let output = "";
  child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "", TELEGRAM_BOT_TOKEN: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
  return { logs: () => output, exited };
}

describe("npm start with platform tokens", () => {
  it("runs Telegram even when Discord cannot log in, never logs tokens, and stops cleanly on SIGTERM", async () => {
    const telegram = new FakeTelegramServer({ token: TELEGRAM_TOKEN });
    const telegramRoot = await telegram.listen();
    closers.push(() => telegram.close());
    const discord = new FakeDiscordServer("the.real.token");
    const discordRoot = await discord.listen();
    closers.push(() => discord.close());

    const bot = startBot({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegramRoot,
      DISCORD_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_ROOT: discordRoot,
    });
    await waitFor(() => telegram.callsOf("setMyCommands").length > 0 || undefined, 15_000, "setMyCommands");
    await waitFor(() => bot.logs().includes("discord: could not start") || undefined, 15_000, "the Discord failure in the log");

    telegram.push({ message: { message_id: 1, date: 1, chat: { id: 9, type: "private" }, from: { id: 9, is_bot: false, first_name: "A" }, text: "who is rubio" } });
    await waitFor(() => telegram.callsOf("sendMessage").length > 0 || undefined, 10_000, "a Telegram reply");

    child!.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.logs()).not.toContain(TELEGRAM_TOKEN);
    expect(bot.logs()).not.toContain(DISCORD_TOKEN);
  }, 40_000);

  it("exits with a clear message naming the variable when configuration is bad", async () => {
    const bot = startBot({ TELEGRAM_BOT_TOKEN: "not-a-token" });
    expect(await bot.exited).toBe(1);
    expect(bot.logs()).toContain("TELEGRAM_BOT_TOKEN");
    expect(bot.logs()).not.toContain("not-a-token");
    expect(bot.logs()).not.toMatch(/\n\s+at /);
  }, 20_000);
});
