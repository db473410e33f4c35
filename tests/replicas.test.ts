import { execFile } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APPLICATION_ID, chatInputInteraction, componentInteraction, pingInteraction } from "./fakes/discordInteractions.js";
import { FakeDiscordServer, type DeliveredResponse } from "./fakes/fakeDiscordServer.js";
import { BLOCKED_MARKER } from "./fakes/loopbackOnly.js";
import { FakeTelegramServer, type RecordedCall, type WebhookDeliveryOptions } from "./fakes/fakeTelegramServer.js";
import { spawnBot, type RunningBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";
import { freshPostgresUrl, withPostgres } from "./store/postgresDatabase.js";

/**
 * Two replicas of the real bot (`src/main.ts`, each its own process and
 * DATA_DIR) behind the fake Telegram and Discord servers, in webhook and
 * HTTP-interactions mode, sharing one real PostgreSQL: what issue 11 says
 * must show. The fakes play the load balancer: Telegram's deliveries go
 * round robin (or to a chosen replica) and are retried on the other one;
 * Discord's signed interactions are posted to one replica or to both.
 */

const TOKEN = "5151:replicas-telegram-token";
const DISCORD_TOKEN = "replicas.discord.token";
const SECRET = "replicas_webhook-secret";
/** The load balancer's URL: every replica's TELEGRAM_WEBHOOK_URL, and what `npm run register` sets. */
const PUBLIC_URL = "https://cited.example/tg";
const LOOPBACK_ONLY = "./tests/fakes/loopbackOnly.ts";
/** How the fake Telegram spreads and retries deliveries, as the load balancer sees them. */
const DELIVERY = { retryTo: "other", retryDelayMs: 50, maxAttempts: 8, publicUrl: PUBLIC_URL } as const satisfies WebhookDeliveryOptions;
const ADMIN = 9001;
const GROUP = -100_900;

interface Replica {
  readonly bot: RunningBot;
  readonly port: number;
  readonly telegramUrl: string;
  readonly discordUrl: string;
}

let storeUrl: string;
let db: pg.Client;
let telegram: FakeTelegramServer;
let discord: FakeDiscordServer;
let telegramRoot: string;
let discordRoot: string;
let replicas: Replica[] = [];

// Which replica the next Telegram push goes to: `via` picks one, otherwise round robin.
let route: number | undefined;
let roundRobin = 0;
function via<T>(replica: number, push: () => T): T {
  route = replica;
  try {
    return push();
  } finally {
    route = undefined;
  }
}

function replicaEnv(): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegramRoot,
    TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    DISCORD_TOKEN,
    DISCORD_CLIENT_ID: APPLICATION_ID,
    DISCORD_API_ROOT: discordRoot,
    DISCORD_PUBLIC_KEY: discord.publicKeyHex,
    DISCORD_GUILD_ID: "",
    STORE_URL: storeUrl,
    // A window far longer than the test, so no window boundary falls inside a burst.
    RATE_LIMIT: "3/3600",
    // Short, so that a killed replica's claims run out within the fake's retries (DELIVERY: 8 attempts
    // over 6 s), yet far longer than answering takes, so a live replica is never doubled.
    CLAIM_LEASE_SECONDS: "3",
    CORPUS_DIR: "",
    COMMANDS_DIR: "",
    LOG_LEVEL: "info",
  };
}

/** Starts one replica (PORT=0) and reads its port from its log. */
async function startReplica(): Promise<Replica> {
  const bot = spawnBot(replicaEnv(), [LOOPBACK_ONLY]);
  const port = await waitFor(
    () => {
      if (bot.child.exitCode !== null) throw new Error(`a replica exited with ${bot.child.exitCode}:\n${bot.logs()}`);
      const match = /http: listening on [^\s"]+:(\d+)/.exec(bot.logs());
      return match ? Number(match[1]) : undefined;
    },
    40_000,
    "a replica's HTTP server",
  ).catch((error: Error) => {
    throw new Error(`${error.message}; log:\n${bot.logs()}`);
  });
  const base = `http://127.0.0.1:${port}`;
  return { bot, port, telegramUrl: `${base}/tg`, discordUrl: `${base}/discord/interactions` };
}

async function readyz(
  replica: Replica,
): Promise<{ status: number; body: { ready: boolean; checks: Array<{ name: string; ready: boolean; detail?: string }> } }> {
  const response = await fetch(`http://127.0.0.1:${replica.port}/readyz`);
  return { status: response.status, body: (await response.json()) as never };
}

/** /readyz once the replica has started (loaded its corpus, mounted its routes), asked every 100 ms until then. */
async function started(replica: Replica, timeoutMs = 30_000): ReturnType<typeof readyz> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readyz(replica);
    if (state.body.checks.some((check) => check.name === "startup" && check.ready) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** /readyz, asked again every 100 ms (readiness is a state, not an event) until 200 or `timeoutMs`. */
async function untilReady(replica: Replica, timeoutMs = 10_000): ReturnType<typeof readyz> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readyz(replica);
    if (state.status === 200 || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `npm run register` as an operator runs it once for all replicas: the webhook at the load balancer's URL. */
function register(): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/register.ts"],
      {
        env: {
          ...process.env,
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: telegramRoot,
          TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
          TELEGRAM_WEBHOOK_SECRET: SECRET,
          DISCORD_TOKEN: "",
          DISCORD_CLIENT_ID: "",
        },
      },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/** Successful sends that reply to the pushed update `updateId`. */
function repliesTo(updateId: number): RecordedCall[] {
  return telegram.callsOf("sendMessage").filter((call) => call.ok && telegram.replyTarget(call)?.updateId === updateId);
}

/** Responses that acknowledge an interaction (a message or a deferral), as Discord counts them. */
function acknowledging(responses: readonly DeliveredResponse[]): DeliveredResponse[] {
  return responses.filter(
    (response) => response.status >= 200 && response.status < 300 && [4, 5].includes(Number((response.body as { type?: unknown } | undefined)?.type)),
  );
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: string }>(sql, values);
  return Number(result.rows[0]?.n ?? 0);
}

beforeAll(async () => {
  if (!withPostgres) return;
  storeUrl = await freshPostgresUrl();
  db = new pg.Client({ connectionString: storeUrl });
  await db.connect();
  telegram = new FakeTelegramServer({ token: TOKEN });
  telegramRoot = await telegram.listen();
  telegram.setMemberStatus(ADMIN, "administrator");
  discord = new FakeDiscordServer(DISCORD_TOKEN);
  discordRoot = await discord.listen();
  // One after the other: both at once would race to create the schema (migrations take a lock, but slowly).
  replicas.push(await startReplica());
  replicas.push(await startReplica());
}, 90_000);

afterAll(async () => {
  for (const replica of replicas) replica.bot.child.kill("SIGKILL");
  replicas = [];
  await telegram?.close();
  await discord?.close();
  await db?.end();
});

describe.skipIf(!withPostgres)("two replicas on one PostgreSQL, webhooks and HTTP interactions", () => {
  it("are alive at once, not ready until started and the webhook is registered, then ready (getWebhookInfo shows the load balancer's URL)", async () => {
    for (const replica of replicas) {
      // Alive and listening from the start, not ready before it has started.
      expect((await fetch(`http://127.0.0.1:${replica.port}/healthz`)).status).toBe(200);
      expect((await readyz(replica)).status).toBe(503);
      const before = await started(replica);
      expect(before.status).toBe(503);
      expect(before.body.checks.find((check) => check.name === "telegram")).toMatchObject({ ready: false });
      expect(before.body.checks.filter((check) => check.name !== "telegram").every((check) => check.ready)).toBe(true);
    }
    const registered = await register();
    expect(registered.status, registered.output).toBe(0);
    telegram.deliverTo(
      replicas.map((replica) => replica.telegramUrl),
      SECRET,
      { ...DELIVERY, pick: () => route ?? roundRobin++ },
    );
    for (const replica of replicas) {
      const after = await untilReady(replica);
      expect(after.status, JSON.stringify(after.body)).toBe(200);
      expect(after.body.checks.map((check) => check.name).sort()).toEqual(["discord", "index", "startup", "store", "telegram"]);
    }
  }, 60_000);

  it("answers every update and interaction exactly once, also those delivered to both replicas", async () => {
    const pushed: number[] = [];
    const other = (i: number) => replicas[(i + 1) % 2]!.telegramUrl;
    for (let i = 0; i < 24; i++) {
      const { updateId } = via(i % 2, () => telegram.pushText(i % 2 === 0 ? "who is rubio" : "What did Rubio say about Pakistan?", { chatId: 20_000 + i }));
      pushed.push(updateId);
      // A third redelivered to the other replica at once, racing the first delivery.
      if (i % 3 === 0) telegram.redeliver(updateId, other(i));
    }
    // Another third redelivered to the other replica after the first delivery was answered.
    await telegram.deliveriesSettled();
    pushed.forEach((updateId, i) => i % 3 === 1 && telegram.redeliver(updateId, other(i)));
    await telegram.deliveriesSettled();
    const perUpdate = pushed.map((updateId) => repliesTo(updateId).length);
    expect(perUpdate).toEqual(pushed.map(() => 1));
    // Two thirds of the updates reached both replicas, and every delivery was accepted.
    const deliveredTo = (updateId: number) =>
      new Set(telegram.deliveries.filter((delivery) => delivery.updateId === updateId).map((delivery) => delivery.url)).size;
    expect(pushed.map(deliveredTo)).toEqual(pushed.map((_, i) => (i % 3 === 2 ? 1 : 2)));
    // Every update was accepted in the end; a redelivery racing the first delivery was
    // told to come back later (503) while the other replica was still answering it.
    const accepted = (updateId: number) => telegram.deliveries.filter((delivery) => delivery.updateId === updateId && delivery.status === 200).length;
    expect(pushed.map(accepted)).toEqual(pushed.map(deliveredTo));
    const retryLater = telegram.deliveries.filter((delivery) => delivery.status !== 200);
    expect(retryLater.filter((delivery) => delivery.status !== 503 || pushed.indexOf(delivery.updateId) % 3 !== 0)).toEqual([]);

    const responses = new Map<string, DeliveredResponse[]>();
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const interaction = chatInputInteraction("ask", { question: "who is rubio" }, { user: { id: String(700_000_000_000_000_000n + BigInt(i)) } });
        const targets = i % 3 === 0 ? replicas : [replicas[i % 2]!];
        const answers = await Promise.all(targets.map((replica) => discord.deliverInteraction(replica.discordUrl, interaction)));
        responses.set(String(interaction.id), answers);
      }),
    );
    for (const [id, answers] of responses) {
      expect(acknowledging(answers), id).toHaveLength(1);
      // The one acknowledgement Discord keeps is the answer, never a placeholder.
      expect(
        discord.acknowledgements.find((ack) => ack.interactionId === id),
        id,
      ).toBeDefined();
      const answer = acknowledging(answers)[0]!.body as { type: number; data?: { embeds?: unknown[] } };
      if (answer.type === 5) {
        // Not ready within its answering budget (a busy machine): deferred, and the answer edited in by the follow-up webhook.
        const edit = await discord.waitForCall(
          (call) => (call.method === "PATCH" || call.method === "POST") && call.status < 300 && discord.followUpsFor(id).includes(call),
          15_000,
          `the follow-up of ${id}`,
        );
        expect((edit.body as { embeds?: unknown[] }).embeds?.length ?? 0).toBeGreaterThan(0);
      } else {
        expect(answer.data?.embeds?.length ?? 0).toBeGreaterThan(0);
      }
      // The other delivery of a duplicated interaction is refused, so it cannot stand in for the answer.
      for (const other of answers.filter((response) => !acknowledging([response]).length)) expect(other.status).toBe(409);
    }
  }, 30_000);

  it("counts a vote once, even when it is delivered to both replicas", async () => {
    const { updateId, chatId } = via(0, () => telegram.pushText("who is rubio", { chatId: 21_000 }));
    await telegram.deliveriesSettled();
    const answer = repliesTo(updateId)[0]!;
    const up = (answer.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard.flat()[0]!.callback_data;
    const answerId = /^v:([\w-]+):u$/.exec(up)![1]!;
    const messageId = telegram.messagesIn(chatId).at(-1)!.message_id;
    const { callbackQueryId, updateId: voteUpdate } = via(1, () => telegram.pushCallbackQuery({ chatId, messageId, data: up, userId: chatId }));
    telegram.redeliver(voteUpdate, replicas[0]!.telegramUrl);
    await telegram.deliveriesSettled();
    // Answered once, by the replica that counted it (Telegram accepts one answer per button press).
    const answers = telegram.callsOf("answerCallbackQuery").filter((call) => call.payload.callback_query_id === callbackQueryId);
    expect(answers).toHaveLength(1);
    expect(String(answers[0]?.payload.text)).toMatch(/helpful/i);
    // Both deliveries accepted, the racing one perhaps after a 503 while the other replica was counting it.
    const statuses = telegram.deliveries.filter((delivery) => delivery.updateId === voteUpdate).map((delivery) => delivery.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM votes WHERE answer_id = $1 AND value = 1", [answerId])).toBe(1);

    const asked = await discord.deliverInteraction(
      replicas[0]!.discordUrl,
      chatInputInteraction("ask", { question: "who is rubio" }, { user: { id: "710000000000000001" } }),
    );
    const buttons = (asked.body as { data: { components: Array<{ components: Array<{ custom_id: string }> }> } }).data.components.flatMap(
      (row) => row.components,
    );
    const discordUp = buttons.find((button) => /^vote:.+:up$/.test(button.custom_id))!.custom_id;
    const discordAnswerId = discordUp.split(":")[1]!;
    const press = componentInteraction(discordUp, {}, { user: { id: "710000000000000002" } });
    const both = await Promise.all(replicas.map((replica) => discord.deliverInteraction(replica.discordUrl, press)));
    expect(acknowledging(both)).toHaveLength(1);
    expect(await count("SELECT count(*) AS n FROM votes WHERE answer_id = $1", [discordAnswerId])).toBe(1);
  }, 30_000);

  it("holds the rate limit across both replicas", async () => {
    const chatId = 22_000;
    const pushed = Array.from({ length: 8 }, (_, i) => telegram.pushText(`who is rubio ${i}`, { chatId }).updateId);
    await telegram.deliveriesSettled();
    const sends = telegram.callsOf("sendMessage").filter((call) => call.ok && Number(call.payload.chat_id) === chatId);
    const notices = sends.filter((call) => /faster than I can keep up/.test(String(call.payload.text)));
    expect(notices).toHaveLength(1);
    expect(sends).toHaveLength(3 + 1);
    expect(pushed.filter((updateId) => repliesTo(updateId).length > 0).length).toBeGreaterThanOrEqual(3);
    // Both replicas took part.
    const where = new Set(telegram.deliveries.filter((delivery) => pushed.includes(delivery.updateId)).map((delivery) => delivery.url));
    expect(where.size).toBe(2);
  }, 30_000);

  it("answers on one replica what a moderator taught on the other, on both platforms", async () => {
    const question = "Who looks after the replicas' lighthouse?";
    const taughtText = "The harbour master keeps the lighthouse on both replicas.";
    const other = replicas[1]!;
    const reloadsBefore = other.bot.logs().split("another replica").length;
    const { updateId } = via(0, () => telegram.pushText(`/teach ${question} | ${taughtText}`, { chatId: GROUP, userId: ADMIN }));
    await telegram.deliveriesSettled();
    const confirmation = await telegram.waitForCall(
      (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === ADMIN && /Taught answer/.test(String(call.payload.text)),
      10_000,
      "the teaching's confirmation",
    );
    expect(confirmation).toBeDefined();
    expect(updateId).toBeGreaterThan(0);
    // The other replica hears of it through the store (LISTEN/NOTIFY) and reloads.
    await waitFor(
      () =>
        other.bot.logs().split("another replica").length > reloadsBefore &&
        /reloaded the corpus[^\n]*another replica|another replica[^\n]*reloaded the corpus/.test(other.bot.logs()),
      20_000,
      "the other replica's reload",
    );

    const asked = via(1, () => telegram.pushText("who looks after the replicas lighthouse", { chatId: 23_000 }));
    await telegram.deliveriesSettled();
    const reply = repliesTo(asked.updateId)[0];
    // The replica's log, should it fail: a reply that went wrong says why there.
    expect(String(reply?.payload.text), other.bot.logs()).toContain(taughtText);
    expect(String(reply?.payload.text)).toMatch(/Answer from a moderator/);

    const onDiscord = await discord.deliverInteraction(
      other.discordUrl,
      chatInputInteraction("ask", { question: "who looks after the replicas lighthouse" }, { user: { id: "720000000000000001" } }),
    );
    expect(JSON.stringify(onDiscord.body)).toContain(taughtText);
  }, 40_000);

  it("rejects bad input with the right status, processes none of it, and keeps answering", async () => {
    const [replica] = replicas;
    const url = replica!.telegramUrl;
    const sendsBefore = telegram.callsOf("sendMessage").length;
    const answersBefore = await count("SELECT count(*) AS n FROM answers");
    const update = {
      update_id: 990_001,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 24_000, type: "private", first_name: "E" },
        from: { id: 24_000, is_bot: false, first_name: "E" },
        text: "who is rubio",
      },
    };

    expect((await telegram.postToWebhook(url, update, "not-the-secret")).status).toBe(401);
    expect((await telegram.postToWebhook(url, update)).status).toBe(401);
    expect((await telegram.postToWebhook(url, '{"update_id": 990002, "message": {', SECRET)).status).toBe(400);
    expect((await telegram.postToWebhook(url, JSON.stringify({ ...update, update_id: 990_003, padding: "x".repeat(1024 * 1024 + 1) }), SECRET)).status).toBe(
      413,
    );
    // A type the bot never asked for (Telegram would not send it): acknowledged, so it is not redelivered, and ignored.
    expect(
      (
        await telegram.postToWebhook(
          url,
          { update_id: 990_004, message_reaction_count: { chat: { id: 24_000, type: "private" }, message_id: 1, date: 1, reactions: [] } },
          SECRET,
        )
      ).status,
    ).toBe(200);

    // Discord's own probe of the endpoint: a PING is answered, a bad signature refused.
    expect((await discord.deliverInteraction(replica!.discordUrl, pingInteraction())).body).toEqual({ type: 1 });
    const interaction = chatInputInteraction("ask", { question: "who is rubio" }, { user: { id: "730000000000000001" } });
    expect((await discord.deliverInteraction(replica!.discordUrl, interaction, { tamper: true })).status).toBe(401);
    expect((await discord.deliverInteraction(replica!.discordUrl, interaction, { rawBody: '{"type": 2,' })).status).toBe(400);
    expect(
      (
        await discord.deliverInteraction(replica!.discordUrl, interaction, {
          rawBody: JSON.stringify({ ...interaction, padding: "x".repeat(1024 * 1024 + 1) }),
        })
      ).status,
    ).toBe(413);

    // Nothing was processed: no message sent, no answer recorded, no update claimed.
    expect(telegram.callsOf("sendMessage").length).toBe(sendsBefore);
    expect(await count("SELECT count(*) AS n FROM answers")).toBe(answersBefore);
    expect(await count("SELECT count(*) AS n FROM claims WHERE key LIKE $1", ["%99000_"])).toBe(0);

    // Still running, still answering.
    expect(replica!.bot.child.exitCode).toBeNull();
    const after = via(0, () => telegram.pushText("who is rubio", { chatId: 24_001 }));
    await telegram.deliveriesSettled();
    expect(repliesTo(after.updateId)).toHaveLength(1);
  }, 30_000);

  it("keeps answering on the other replica when one is stopped mid-burst; nothing lost, nothing twice", async () => {
    const [first, second] = replicas;
    const pushed = Array.from(
      { length: 40 },
      (_, i) => telegram.pushText(i % 2 === 0 ? "who is rubio" : "What did Rubio say about Pakistan?", { chatId: 25_000 + i }).updateId,
    );
    await waitFor(() => pushed.filter((updateId) => repliesTo(updateId).length > 0).length >= 8 || undefined, 20_000, "the first answers of the burst");
    first!.bot.child.kill("SIGTERM");
    expect(await first!.bot.exited).toBe(0);
    await telegram.deliveriesSettled();
    // Deliveries the stopped replica could not take were retried on the other one.
    const unanswered = pushed.filter((updateId) => repliesTo(updateId).length === 0);
    expect(unanswered).toEqual([]);
    expect(pushed.map((updateId) => repliesTo(updateId).length)).toEqual(pushed.map(() => 1));
    expect(second!.bot.child.exitCode).toBeNull();
    const after = telegram.pushText("who is rubio", { chatId: 25_100 });
    await telegram.deliveriesSettled();
    expect(repliesTo(after.updateId)).toHaveLength(1);
    for (const replica of replicas) {
      expect(replica.bot.logs()).not.toContain(BLOCKED_MARKER);
      expect(replica.bot.logs()).not.toContain(TOKEN);
      expect(replica.bot.logs()).not.toContain(SECRET);
    }
  }, 40_000);

  it("answers on the other replica what a replica killed mid-answer had claimed, once the claim runs out: nothing lost", async () => {
    const survivor = replicas[1]!;
    const doomed = await startReplica();
    replicas.push(doomed);
    expect((await untilReady(doomed)).status).toBe(200);
    telegram.deliverTo([doomed.telegramUrl, survivor.telegramUrl], SECRET, { ...DELIVERY, pick: () => 0 });
    // Its sends hang, so it dies holding claims it has not settled.
    telegram.setLatency("sendMessage", 2000);
    const pushed = Array.from({ length: 6 }, (_, i) => telegram.pushText("who is rubio", { chatId: 26_000 + i }).updateId);
    const keys = pushed.map((updateId) => `telegram:${telegram.botId}:${updateId}`);
    // A state in the database, not an event: asked every 20 ms.
    await vi.waitFor(async () => expect(await count("SELECT count(*) AS n FROM claims WHERE settled = 0 AND key = ANY($1)", [keys])).toBe(pushed.length), {
      timeout: 20_000,
      interval: 20,
    });
    doomed.bot.child.kill("SIGKILL");
    telegram.setLatency("sendMessage", 0);
    await telegram.deliveriesSettled();
    // Each one answered (a send that was already on its way when the replica died counts too: at least once).
    expect(pushed.filter((updateId) => repliesTo(updateId).length === 0)).toEqual([]);
    // The survivor was told the updates were held (503, "deliver again later") until the claims ran out.
    const toSurvivor = telegram.deliveries.filter((delivery) => pushed.includes(delivery.updateId) && delivery.url === survivor.telegramUrl);
    expect(toSurvivor.some((delivery) => delivery.status === 503)).toBe(true);
    expect(await count("SELECT count(*) AS n FROM claims WHERE settled = 1 AND key = ANY($1)", [keys])).toBe(pushed.length);
    expect(survivor.bot.child.exitCode).toBeNull();
  }, 40_000);
});
