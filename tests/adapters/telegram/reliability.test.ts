/**
 * The Telegram adapter under platform faults, in this process against the
 * fake Bot API: polling that fails (409, 401, network) resumes with backoff,
 * a redelivered update is answered once, a stop in the middle of a burst
 * finishes what it fetched and confirms exactly that, and the rate limit's
 * notice is sent once per window. Backoff is injected; nothing sleeps.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTelegram, type TelegramOptions } from "../../../src/adapters/telegram/startTelegram.js";
import type { AdapterContext, RunningAdapter } from "../../../src/adapters/types.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { createPipeline } from "../../../src/pipeline/createPipeline.js";
import type { RateLimitOptions } from "../../../src/pipeline/defaults.js";
import { FakeTelegramServer, type PollFault, type RecordedCall } from "../../fakes/fakeTelegramServer.js";
import { captureLog } from "../../fakes/captureLog.js";
import { sqliteStore, type TestStore } from "../../fakes/sqliteStore.js";

const TOKEN = "4242:reliability-token";

let service: AnswerService;
let catalog: CommandCatalog;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  readonly server: FakeTelegramServer;
  readonly apiRoot: string;
  readonly store: TestStore;
  readonly log: ReturnType<typeof captureLog>;
  readonly context: AdapterContext;
  start(options?: TelegramOptions): Promise<RunningAdapter>;
}

async function setup(rateLimit: RateLimitOptions = { limit: 0 }, given?: TestStore): Promise<Setup> {
  const store = given ?? (await sqliteStore());
  cleanups.push(() => store.close());
  const server = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await server.listen();
  cleanups.push(() => server.close());
  const log = captureLog([TOKEN]);
  const pipeline = createPipeline({ services: { current: service }, catalog, logger: log.logger, store }, { rateLimit });
  const context: AdapterContext = { pipeline, catalog, logger: log.logger };
  return {
    server,
    apiRoot,
    store,
    log,
    context,
    async start(options = {}) {
      const adapter = await startTelegram(context, { token: TOKEN, apiRoot }, options);
      cleanups.push(() => adapter.stop());
      return adapter;
    },
  };
}

const sends = (server: FakeTelegramServer, chatId: number, messageId: number): RecordedCall[] => server.repliesTo(chatId, messageId);

describe("Telegram polling faults", () => {
  it.each<[PollFault, RegExp]>([
    ["409", /409 Conflict: another instance is polling with this bot token, or a webhook is set/],
    ["401", /rejected the bot token \(401\)/],
  ])(
    "resumes polling after %s answers to getUpdates, with a warning that names the likely cause, and backs off between attempts",
    async (fault, reason) => {
      const { server, log, start } = await setup();
      const attempts: number[] = [];
      const adapter = await start({ backoff: (attempt) => (attempts.push(attempt), 200) });
      await server.waitForPoll((poll) => poll.status === 200);
      server.failPolls(fault, 3);
      // While it waits to retry, the adapter reports itself disconnected (the /readyz check).
      const warning = await log.next((line) => line.level === 40 && /polling failed/.test(line.msg), "the polling warning");
      expect(adapter.connected?.()).toBe(false);
      expect(warning.msg).toMatch(reason);
      expect(warning.msg).toMatch(/retrying in/);

      await log.next((line) => line.msg === "telegram: polling again", "polling again");
      const { messageId, chatId } = server.pushText("Who is Rubio?", { chatId: 71 });
      await server.waitForCall((call) => call.method === "sendMessage" && server.replyTarget(call)?.messageId === messageId);
      expect(attempts).toEqual([1, 2, 3]);
      expect(sends(server, chatId, messageId)).toHaveLength(1);
      expect(adapter.connected?.()).toBe(true);
      expect(log.lines.filter((line) => /polling failed/.test(line.msg))).toHaveLength(3);
      expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
    },
    20_000,
  );

  it.each<PollFault>(["502", "drop"])(
    "rides out %s on getUpdates without stopping, losing nothing",
    async (fault) => {
      const { server, start } = await setup();
      await start({ backoff: () => 50 });
      await server.waitForPoll((poll) => poll.status === 200);
      // (auto-retry waits 3 s before retrying a 5xx; the runner retries a dropped connection at once)
      server.failPolls(fault, 1);
      const { messageId, chatId } = server.pushText("Who is Rubio?", { chatId: 72 });
      await server.waitForCall((call) => call.method === "sendMessage" && server.replyTarget(call)?.messageId === messageId, 15_000);
      await server.marker(chatId);
      expect(sends(server, chatId, messageId)).toHaveLength(1);
    },
    20_000,
  );

  it("does not fetch again what it already fetched when polling restarts after a 409", async () => {
    const { server, start } = await setup();
    await start({ backoff: () => 10 });
    server.setLatency("sendMessage", 300);
    const { updateId } = server.pushText("Who is Rubio?", { chatId: 73 });
    await server.waitForPoll((poll) => poll.updateIds.includes(updateId));
    // The next poll, which would confirm it, is refused; the new poller must not start again from 0.
    server.failPolls("409");
    await server.waitForPoll((poll) => poll.status === 409);
    await server.marker(73);
    const handedOut = server.polls.flatMap((poll) => poll.updateIds).filter((id) => id === updateId);
    expect(handedOut).toHaveLength(1);
  }, 15_000);
});

describe("Telegram exactly-once replies", () => {
  it("answers an update delivered twice once, also when it comes again to a restarted adapter on the same store", async () => {
    const { server, start } = await setup();
    const first = await start();
    const { updateId, messageId, chatId } = server.pushText("Who is Rubio?", { chatId: 81 });
    server.pushAgain(updateId);
    await server.marker(chatId);
    expect(sends(server, chatId, messageId)).toHaveLength(1);
    expect(server.polls.flatMap((poll) => poll.updateIds).filter((id) => id === updateId)).toHaveLength(2);

    await first.stop();
    await start();
    server.redeliver(updateId);
    await server.waitForPoll((poll) => poll.updateIds.includes(updateId) && poll.offset > updateId);
    await server.marker(chatId);
    expect(sends(server, chatId, messageId)).toHaveLength(1);
  }, 20_000);

  it("stops in the middle of a burst, confirming only what it answered, and a restart answers the rest: each exactly once", async () => {
    const { server, start } = await setup();
    const first = await start();
    server.setLatency("sendMessage", 50);
    const asked: Array<{ chatId: number; messageId: number; updateId: number }> = [];
    for (let round = 0; round < 5; round++)
      for (let chat = 0; chat < 60; chat++) asked.push(server.pushText(`Question ${round} about the ISF?`, { chatId: 1000 + chat }));
    await server.waitForCalls((call) => call.method === "sendMessage" && call.ok, 100, 30_000, "100 replies");
    await first.stop();

    // Whatever the stop confirmed to Telegram had been answered by the time stop() returned.
    const confirmed = server.confirmedOffset();
    const below = asked.filter((entry) => entry.updateId < confirmed);
    expect(below.length).toBeGreaterThanOrEqual(100);
    expect(below.filter((entry) => sends(server, entry.chatId, entry.messageId).length !== 1)).toEqual([]);

    await start();
    await Promise.all([...new Set(asked.map((entry) => entry.chatId))].map((chatId) => server.marker(chatId, { timeoutMs: 30_000 })));
    const counts = asked.map((entry) => sends(server, entry.chatId, entry.messageId).length);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  }, 60_000);
});

describe("Telegram after a crash", () => {
  it("answers an update that a run killed mid-answer had claimed, once its claim runs out, exactly once", async () => {
    const { server, store, log, start } = await setup();
    // The earlier run fetched this update, claimed it and died before answering: Telegram sends it again.
    const { updateId, messageId, chatId } = server.pushText("Who is Rubio?", { chatId: 91 });
    const key = `telegram:${server.botId}:${updateId}`;
    // A lease long enough to outlast the bot's start under load, so the start finds it held.
    expect(await store.deliveries.claim(key, 3_000)).toEqual({ outcome: "claimed" });
    await start();
    const [reply] = await server.waitForCalls((call) => call.method === "sendMessage" && call.payload.chat_id === chatId, 1, 15_000, "the answer");
    expect(String(reply!.payload.text)).toMatch(/Rubio/);
    expect(log.lines.filter((line) => line.msg.includes("being answered elsewhere"))).toHaveLength(1);
    await server.marker(chatId);
    expect(sends(server, chatId, messageId)).toHaveLength(1);
    expect(await store.deliveries.claim(key, 300)).toEqual({ outcome: "answered" });
  }, 20_000);
});

describe("the rate limit on Telegram", () => {
  it("sends its notice once per window to the flooder only; others and moderators are unaffected", async () => {
    const store = await sqliteStore();
    let now = 1_000_000;
    store.now = () => now;
    const { server, start } = await setup({ limit: 3, windowMs: 60_000, burst: 3 }, store);
    await start();
    const flooder = 91;
    const flood = Array.from({ length: 8 }, (_, i) => server.pushText(`Flood question ${i} about the ISF?`, { chatId: flooder }));
    const other = server.pushText("Who is Rubio?", { chatId: 92 });
    await server.marker(92);
    await server.marker(flooder);
    const replies = flood.map((entry) => sends(server, flooder, entry.messageId));
    expect(replies.map((calls) => calls.length)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(String(replies[3]![0]!.payload.text)).toMatch(/asking faster than I can keep up/);
    expect(sends(server, 92, other.messageId)).toHaveLength(1);

    // The next window: three answers again, then one notice.
    now += 60_000;
    const again = Array.from({ length: 5 }, (_, i) => server.pushText(`Later question ${i} about the ISF?`, { chatId: flooder }));
    await server.marker(flooder);
    expect(again.map((entry) => sends(server, flooder, entry.messageId).length)).toEqual([1, 1, 1, 1, 0]);

    // A group's administrator is never limited.
    const admin = 93;
    server.setMemberStatus(admin, "administrator");
    const group = -5000;
    const asked = Array.from({ length: 6 }, (_, i) => server.pushText(`/ask@cited_test_bot Question ${i} about the ISF?`, { chatId: group, userId: admin }));
    await server.marker(group, { userId: admin });
    for (const entry of asked) {
      const texts = sends(server, group, entry.messageId).map((call) => String(call.payload.text));
      expect(texts).toHaveLength(1);
      expect(texts[0]).not.toMatch(/asking faster than I can keep up/);
    }
    // Asked once for the window, not for every refused message.
    expect(server.callsOf("getChatMember").filter((call) => call.payload.user_id === admin)).toHaveLength(1);
  }, 30_000);

  it("asks Telegram whether a flooder in a group is an admin once per window, not once per message", async () => {
    const store = await sqliteStore();
    const { server, start } = await setup({ limit: 2, windowMs: 60_000, burst: 2 }, store);
    await start();
    const group = -6000;
    const member = 94;
    server.setMemberStatus(member, "member");
    for (let i = 0; i < 12; i++) server.pushText(`/ask@cited_test_bot Question ${i} about the ISF?`, { chatId: group, userId: member });
    await server.marker(group, { userId: member });
    expect(server.callsOf("getChatMember")).toHaveLength(1);
  }, 30_000);
});
