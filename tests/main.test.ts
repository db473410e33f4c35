import { execFile } from "node:child_process";
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consoleEnv } from "./fakes/consoleEnv.js";
import { describe, expect, it } from "vitest";
import { APPLICATION_ID, FakeDiscordServer } from "./fakes/fakeDiscordServer.js";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

const TELEGRAM_TOKEN = "555:main-test-token";
const DISCORD_TOKEN = "main.discord.secret";

const { start: startBot, closers } = useBot({ DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "", TELEGRAM_BOT_TOKEN: "", LOG_LEVEL: "info" });

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

    telegram.push({
      message: { message_id: 1, date: 1, chat: { id: 9, type: "private" }, from: { id: 9, is_bot: false, first_name: "A" }, text: "who is rubio" },
    });
    await waitFor(() => telegram.callsOf("sendMessage").length > 0 || undefined, 10_000, "a Telegram reply");

    bot.child.kill("SIGTERM");
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

/** `npm start` with no token and piped input: the console chat, to the end of the input. */
function startPiped(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const piped = execFile(process.execPath, ["--import", "tsx", "src/main.ts", ...args], { env: consoleEnv(env) }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    piped.stdin!.end(input);
  });
}

describe("npm start with no token", () => {
  it("answers piped lines in the console chat and exits at the end of input, logging nothing", async () => {
    const { code, stdout, stderr } = await startPiped([], "What is the ISF?\r\n/help");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("The ISF is envisioned");
    expect(stdout).toContain("/pakistan-position");
  }, 20_000);

  it("takes --corpus like the ask CLI, and warns about a malformed file on stderr", async () => {
    const corpus = await mkdtemp(join(tmpdir(), "cited-start-corpus-"));
    await copyFile("tests/fixtures/other-corpus/water-restrictions.md", join(corpus, "water.md"));
    await writeFile(join(corpus, "broken.md"), "---\ntitle: [unclosed\n---\nText.");
    const commands = await mkdtemp(join(tmpdir(), "cited-start-commands-"));
    for (const file of ["ask.yaml", "help.yaml"]) await copyFile(join("commands", file), join(commands, file));
    const { code, stdout, stderr } = await startPiped(["--corpus", corpus], "How much is the hosepipe fine?\n", { COMMANDS_DIR: commands });
    expect(code).toBe(0);
    expect(stdout).toContain("1,000 pounds");
    expect(stderr).toMatch(/broken\.md.*YAML/);
  }, 20_000);

  it("refuses an unknown flag with exit code 2 and the usage", async () => {
    const { code, stdout, stderr } = await startPiped(["--corpse", "x"], "");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--corpse[\s\S]*Usage: npm start/);
  }, 20_000);
});
