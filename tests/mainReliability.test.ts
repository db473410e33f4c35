/**
 * The whole bot as `npm start` runs it (spawned, with its own DATA_DIR),
 * against the fake Bot API: a 409 Conflict never takes it down, and a stop
 * in the middle of a burst followed by a restart on the same data folder
 * answers every update exactly once, also with a second SIGTERM during the
 * stop. Waits for the fake's events and the bot's log, never a fixed sleep.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot, type RunningBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

const TOKEN = "5151:reliability-main-token";

const { start: startBot, closers } = useBot({ DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "", TELEGRAM_BOT_TOKEN: TOKEN, CORPUS_DIR: "", COMMANDS_DIR: "", LOG_LEVEL: "info", RATE_LIMIT: "0" });

async function fakeTelegram(): Promise<{ server: FakeTelegramServer; apiRoot: string }> {
  const server = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await server.listen();
  closers.push(() => server.close());
  return { server, apiRoot };
}

/** Resolves once the bot's log has a line matching `pattern`, failing with the log otherwise. */
function logged(bot: RunningBot, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<true> {
  return waitFor(() => pattern.test(bot.logs()) || undefined, timeoutMs, what).catch((error: Error) => {
    throw new Error(`${error.message}; log:\n${bot.logs()}`);
  });
}

describe("npm start, Telegram only, under faults", () => {
  it("keeps running after getUpdates answers 409 Conflict, says why, and answers once polling resumes", async () => {
    const { server, apiRoot } = await fakeTelegram();
    const bot = startBot({ TELEGRAM_API_ROOT: apiRoot });
    await logged(bot, /telegram: connected/, "the Telegram adapter connected");
    server.failPolls("409", 2);
    await logged(bot, /409 Conflict: another instance is polling with this bot token, or a webhook is set/, "the conflict warning");
    await logged(bot, /telegram: polling again/, "polling resumed");
    const { messageId } = server.pushText("Who is Rubio?", { chatId: 41 });
    await server.marker(41, { timeoutMs: 20_000 });
    expect(server.repliesTo(41, messageId)).toHaveLength(1);
    expect(bot.child.exitCode).toBeNull();

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.logs()).not.toContain(TOKEN);
  }, 60_000);

  it.each([
    ["one SIGTERM", false],
    ["a second SIGTERM during the stop", true],
  ])("answers every update of a burst exactly once across a stop mid-burst (%s) and a restart on the same data folder", async (_name, twice) => {
    const { server, apiRoot } = await fakeTelegram();
    const dataDir = mkdtempSync(join(tmpdir(), "cited-restart-"));
    const env = { TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir };
    const first = startBot(env);
    await logged(first, /telegram: connected/, "the first run connected");
    server.setLatency("sendMessage", 50);
    const asked: Array<{ updateId: number; messageId: number; chatId: number }> = [];
    for (let round = 0; round < 5; round++) for (let chat = 0; chat < 60; chat++) asked.push(server.pushText(`Question ${round} about the ISF?`, { chatId: 2000 + chat }));
    await server.waitForCalls((call) => call.method === "sendMessage" && call.ok, 100, 60_000, "100 replies");

    first.child.kill("SIGTERM");
    if (twice) {
      // The second signal lands while the first stop is finishing the updates in hand.
      await logged(first, /shutting down/, "the stop starting");
      first.child.kill("SIGTERM");
    }
    expect(await first.exited).toBe(0);
    if (twice) expect(first.logs()).toMatch(/already shutting down/);
    expect(first.logs()).not.toMatch(/stopped before every update was handled/);

    // What the first run confirmed it had answered, exactly once; nothing answered beyond it.
    const confirmed = server.confirmedOffset();
    const answered = (entry: (typeof asked)[number]) => server.repliesTo(entry.chatId, entry.messageId).length;
    const below = asked.filter((entry) => entry.updateId < confirmed);
    expect(below.length).toBeGreaterThanOrEqual(100);
    expect(below.filter((entry) => answered(entry) !== 1)).toEqual([]);
    expect(asked.filter((entry) => entry.updateId >= confirmed && answered(entry) > 0)).toEqual([]);

    // The restart on the same data folder answers the rest; one already answered, delivered again, is not answered twice.
    const second = startBot(env);
    await logged(second, /telegram: connected/, "the second run connected");
    server.redeliver(asked[0]!.updateId);
    await Promise.all([...new Set(asked.map((entry) => entry.chatId))].map((chatId) => server.marker(chatId, { timeoutMs: 60_000 })));
    expect(asked.filter((entry) => answered(entry) !== 1)).toEqual([]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});
