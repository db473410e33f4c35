import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { mountTelegramWebhook, telegramWebhookCheck } from "../../../src/adapters/telegram/webhook.js";
import { HttpServer } from "../../../src/http/HttpServer.js";
import { FakeTelegramServer } from "../../fakes/fakeTelegramServer.js";
import { rawRequest, stalledHead } from "../../fakes/rawHttp.js";

const TOKEN = "123456:webhook-test";
const SECRET = "s3cret_token-ABC";
const botInfo: UserFromGetMe = {
  id: 424242,
  is_bot: true,
  first_name: "Cited",
  username: "cited_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ url: string; telegram: FakeTelegramServer; seen: number[]; server: HttpServer; bot: Bot }> {
  const telegram = new FakeTelegramServer({ token: TOKEN });
  const apiRoot = await telegram.listen();
  cleanups.push(() => telegram.close());
  // botInfo given, so the bot never calls getMe.
  const bot = new Bot(TOKEN, { botInfo, client: { apiRoot } });
  const seen: number[] = [];
  bot.use(async (ctx, next) => {
    seen.push(ctx.update.update_id);
    await next();
  });
  bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.msg.text}`));
  const server = new HttpServer({ port: 0, host: "127.0.0.1" });
  mountTelegramWebhook(server, bot, { path: "/tg", secret: SECRET });
  const { port } = await server.listen();
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${port}/tg`, telegram, seen, server, bot };
}

function message(updateId: number, text: string): string {
  return JSON.stringify({
    update_id: updateId,
    message: { message_id: 7, date: 1_700_000_000, chat: { id: 55, type: "private", first_name: "A" }, from: { id: 55, is_bot: false, first_name: "A" }, text },
  });
}

/** `secret` null sends no secret header. */
function post(url: string, body: string, secret: string | null = SECRET): Promise<Response> {
  return fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
  });
}

describe("Telegram webhook", () => {
  it("hands an update with the right secret to the bot, which replies through the Bot API", async () => {
    const { url, telegram, seen } = await start();
    const response = await post(url, message(1, "hello"));
    expect(response.status).toBe(200);
    expect(seen).toEqual([1]);
    // The reply has been sent by the time the webhook request is answered.
    expect(telegram.calls).toEqual([
      expect.objectContaining({ method: "sendMessage", payload: expect.objectContaining({ chat_id: 55, text: "echo: hello" }) }),
    ]);
    expect((await fetch(url)).status).toBe(405);
  });

  it.each([
    ["no secret", null],
    ["a wrong secret", "s3cret_token-ABD"],
    ["a secret with a different length", "s3cret"],
  ])("refuses %s with 401 and processes nothing", async (_, secret) => {
    const { url, telegram, seen } = await start();
    const response = await post(url, message(2, "hello"), secret);
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
    expect(telegram.calls).toEqual([]);
  });

  it("answers 400 to malformed JSON or a body that is not an update", async () => {
    const { url, seen } = await start();
    for (const body of ['{"update_id": 3, "message": ', "[]", "42", '{"message": {}}', '{"update_id": "3"}']) {
      expect((await post(url, body)).status, body).toBe(400);
    }
    expect(seen).toEqual([]);
  });

  it("acknowledges an unknown update type with 200 and ignores it", async () => {
    const { url, telegram, seen } = await start();
    const response = await post(url, JSON.stringify({ update_id: 4, some_future_update: { id: 1 } }));
    expect(response.status).toBe(200);
    expect(seen).toEqual([4]);
    expect(telegram.calls).toEqual([]);
    // And the bot keeps working.
    expect((await post(url, message(5, "still here"))).status).toBe(200);
    expect(telegram.calls).toHaveLength(1);
  });

  it("answers 413 to a body over 1 MB", async () => {
    const { url, seen } = await start();
    const response = await post(url, JSON.stringify({ update_id: 6, padding: "x".repeat(1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("reports ready when getWebhookInfo shows our URL", async () => {
    const { bot, telegram } = await start();
    const check = telegramWebhookCheck(bot, "https://bot.example/tg", 0);
    // The fake answers getWebhookInfo with `true`, not our URL.
    expect(await check()).toMatchObject({ ready: false });
    telegram.fail("getWebhookInfo", 500, "Internal Server Error");
    expect(await check()).toMatchObject({ ready: false, detail: expect.stringContaining("getWebhookInfo failed") });
    // The fake now has our webhook.
    telegram.deliverTo(["http://127.0.0.1:9/tg"], SECRET, { publicUrl: "https://bot.example/tg" });
    expect(await check()).toEqual({ ready: true, detail: "webhook set" });
  });

  it("keeps a 'ready' answer for a while but never a 'not ready' one, so a replica is ready at the first probe after npm run register", async () => {
    const { bot, telegram } = await start();
    const check = telegramWebhookCheck(bot, "https://bot.example/tg", 60_000);
    expect(await check()).toMatchObject({ ready: false });
    telegram.deliverTo(["http://127.0.0.1:9/tg"], SECRET, { publicUrl: "https://bot.example/tg" });
    expect(await check()).toMatchObject({ ready: true });
    const asked = telegram.callsOf("getWebhookInfo").length;
    expect(await check()).toMatchObject({ ready: true });
    expect(telegram.callsOf("getWebhookInfo")).toHaveLength(asked);
  });

  it("refuses a post without the secret before reading its body (a stranger's stalled 1 MiB post costs nothing)", async () => {
    const { url, seen } = await start();
    const { port } = new URL(url);
    // Headers only: the 1 MiB body never comes, yet the answer does.
    const answer = await rawRequest(Number(port), stalledHead("/tg"));
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(seen).toEqual([]);
  });

  it("asks getWebhookInfo once for probes that come together, and never retries it (a 429 is an answer: not ready)", async () => {
    const { bot, telegram } = await start();
    const check = telegramWebhookCheck(bot, "https://bot.example/tg", 60_000);
    telegram.rateLimitOnce("getWebhookInfo", 30);
    const answers = await Promise.all(Array.from({ length: 20 }, () => check()));
    expect(telegram.callsOf("getWebhookInfo")).toHaveLength(1);
    for (const answer of answers) expect(answer).toMatchObject({ ready: false, detail: expect.stringContaining("getWebhookInfo failed") });
  });

  it("gives a handler's error to bot.catch and acknowledges the update, which a redelivery would only repeat", async () => {
    const { url, bot, telegram, seen } = await start();
    const caught: number[] = [];
    bot.catch((error) => void caught.push(error.ctx.update.update_id));
    telegram.fail("sendMessage", 400, "Bad Request: chat not found");
    const response = await post(url, message(8, "hello"));
    expect(response.status).toBe(200);
    expect(seen).toEqual([8]);
    expect(caught).toEqual([8]);
    // And the bot keeps working.
    expect((await post(url, message(9, "again"))).status).toBe(200);
    expect(telegram.callsOf("sendMessage").filter((call) => call.ok)).toHaveLength(1);
  });
});
