/**
 * The whole bot as `npm start` runs it (spawned, with its own DATA_DIR),
 * against the fake Bot API: a 409 Conflict never takes it down, and a stop
 * in the middle of a burst followed by a restart on the same data folder
 * answers every update exactly once, also with a second SIGTERM during the
 * stop, and a kill (SIGKILL) mid-burst loses nothing: what the killed run
 * fetched is kept in the store's inbox and answered by the next run, once,
 * in order per chat; only a reply sent but not yet marked answered when the
 * kill came is sent again. Waits for the fake's events and the bot's log,
 * never a fixed sleep.
 */
import { mkdtempSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot, type RunningBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

const TOKEN = "5151:reliability-main-token";

const { start: startBot, closers } = useBot({
  DISCORD_TOKEN: "",
  DISCORD_CLIENT_ID: "",
  TELEGRAM_BOT_TOKEN: TOKEN,
  CORPUS_DIR: "",
  COMMANDS_DIR: "",
  LOG_LEVEL: "info",
  RATE_LIMIT: "0",
});

async function fakeTelegram(): Promise<{ server: FakeTelegramServer; apiRoot: string }> {
  const server = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await server.listen();
  closers.push(() => server.close());
  return { server, apiRoot };
}

/** The update ids whose claim the (killed) bot of `dataDir` held and had not settled: answered, perhaps sent, not marked answered. */
function unsettledUpdates(dataDir: string): Set<number> {
  const db = new BetterSqlite3(join(dataDir, "cited.db"), { readonly: true });
  try {
    const rows = db.prepare("SELECT key FROM claims WHERE settled = 0").all() as Array<{ key: string }>;
    return new Set(rows.map((row) => Number(row.key.split(":").at(-1))));
  } finally {
    db.close();
  }
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
  ])(
    "answers every update of a burst exactly once across a stop mid-burst (%s) and a restart on the same data folder",
    async (_name, twice) => {
      const { server, apiRoot } = await fakeTelegram();
      const dataDir = mkdtempSync(join(tmpdir(), "cited-restart-"));
      const env = { TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir };
      const first = startBot(env);
      await logged(first, /telegram: connected/, "the first run connected");
      server.setLatency("sendMessage", 50);
      const asked: Array<{ updateId: number; messageId: number; chatId: number }> = [];
      for (let round = 0; round < 5; round++)
        for (let chat = 0; chat < 60; chat++) asked.push(server.pushText(`Question ${round} about the ISF?`, { chatId: 2000 + chat }));
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
    },
    120_000,
  );

  it("loses nothing when killed (SIGKILL) mid-burst: the restart answers what the killed run held, in order per chat, resending only replies in flight at the kill", async () => {
    const { server, apiRoot } = await fakeTelegram();
    const dataDir = mkdtempSync(join(tmpdir(), "cited-kill-"));
    // A short lease: a claim the killed run held is taken over 2 s after it ran out, not 2 minutes.
    const env = { TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir, CLAIM_LEASE_SECONDS: "2" };
    const first = startBot(env);
    await logged(first, /telegram: connected/, "the first run connected");
    const asked: Array<{ updateId: number; messageId: number; chatId: number }> = [];
    for (let round = 0; round < 5; round++)
      for (let chat = 0; chat < 60; chat++) asked.push(server.pushText(`Question ${round} about the ISF?`, { chatId: 3000 + chat }));
    const replies = (call: { method: string; ok: boolean }) => call.method === "sendMessage" && call.ok;
    await server.waitForCalls(replies, 60, 60_000, "60 replies");
    // From now on sends hang, so the kill finds some sent (the fake has them) but not yet marked answered.
    server.setLatency("sendMessage", 600_000);
    const before = server.callsOf("sendMessage").length;
    await server.waitForCalls(replies, before + 3, 20_000, "3 sends in flight");
    // Every update fetched and its offset confirmed: without the inbox, all unanswered ones would be lost.
    await server.waitForPoll((poll) => poll.offset > asked.at(-1)!.updateId, 20_000, "the burst confirmed to Telegram");
    first.child.kill("SIGKILL");
    await first.exited;
    const inFlight = unsettledUpdates(dataDir);
    expect(inFlight.size).toBeGreaterThanOrEqual(3);
    const answeredBeforeKill = asked.filter((entry) => server.repliesTo(entry.chatId, entry.messageId).length > 0).length;
    expect(answeredBeforeKill).toBeLessThan(asked.length);

    server.setLatency("sendMessage", 0);
    const second = startBot(env);
    await logged(second, /answering the updates an earlier run left unanswered/, "the restart taking up the inbox");
    await Promise.all([...new Set(asked.map((entry) => entry.chatId))].map((chatId) => server.marker(chatId, { timeoutMs: 60_000 })));
    const count = (entry: (typeof asked)[number]) => server.repliesTo(entry.chatId, entry.messageId).length;
    expect(asked.filter((entry) => count(entry) === 0)).toEqual([]);
    // Sent twice only when the killed run had not marked it answered: its send was in flight.
    expect(asked.filter((entry) => count(entry) > 1 && !inFlight.has(entry.updateId))).toEqual([]);
    // Each chat's questions answered in the order asked (first replies).
    for (const chatId of new Set(asked.map((entry) => entry.chatId))) {
      const firstReplies = server
        .callsOf("sendMessage")
        .filter((call) => call.ok)
        .map((call) => server.replyTarget(call))
        .filter((target) => target?.chatId === chatId && asked.some((entry) => entry.updateId === target.updateId))
        .map((target) => target!.updateId);
      const order = [...new Set(firstReplies)];
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});
