import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegramServer } from "./fakeTelegramServer.js";

const TOKEN = "123:fake-test";
const open: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function start(options: { longPollMs?: number } = {}) {
  const server = new FakeTelegramServer({ token: TOKEN, ...options });
  const root = await server.listen();
  open.push(() => server.close());
  const call = async (method: string, payload: Record<string, unknown> = {}) => {
    const response = await fetch(`${root}/bot${TOKEN}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; result?: unknown; description?: string; parameters?: { retry_after?: number } },
    };
  };
  return { server, root, call };
}

/** A replica stand-in that answers each webhook POST with the next status of `statuses` (then 200). */
async function replica(statuses: number[] = []) {
  const received: Array<{ id: number; secret: string | undefined }> = [];
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        id: (JSON.parse(Buffer.concat(chunks).toString()) as { update_id: number }).update_id,
        secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
      });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  open.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/tg`, received };
}

describe("FakeTelegramServer", () => {
  it("resolves waitForCall on a later call and times each reply from the push it answers", async () => {
    const { server, call } = await start();
    const { messageId, chatId } = server.pushText("hello", { chatId: 5 });
    const waiting = server.waitForCall((c) => c.method === "sendMessage", 2000);
    const sent = await call("sendMessage", {
      chat_id: chatId,
      text: "hi",
      reply_parameters: { message_id: messageId },
      reply_markup: { inline_keyboard: [[{ text: "👍", callback_data: "up" }]] },
    });
    const recorded = await waiting;
    expect((sent.body.result as { reply_markup?: unknown }).reply_markup).toEqual({ inline_keyboard: [[{ text: "👍", callback_data: "up" }]] });
    expect(server.repliesTo(chatId, messageId)).toEqual([recorded]);
    expect(server.latencyOf(recorded)).toBeGreaterThanOrEqual(0);
    await expect(server.waitForCall((c) => c.method === "nothing", 50)).rejects.toThrow(/timed out/);
  });

  it("forgets confirmed updates, and redelivers one on request after the offset moved", async () => {
    const { server, call } = await start({ longPollMs: 10 });
    const first = server.push({ message: { message_id: 1, chat: { id: 1, type: "private" }, date: 1, text: "a" } });
    const second = server.push({ message: { message_id: 2, chat: { id: 1, type: "private" }, date: 1, text: "b" } });
    expect((await call("getUpdates", { offset: 0 })).body.result).toHaveLength(2);
    expect((await call("getUpdates", { offset: second + 1, timeout: 1 })).body.result).toEqual([]);
    server.redeliver(first);
    const again = (await call("getUpdates", { offset: second + 1 })).body.result as Array<{ update_id: number }>;
    expect(again.map((u) => u.update_id)).toEqual([first]);
    expect((await call("getUpdates", { offset: second + 1, timeout: 1 })).body.result).toEqual([]);
    expect(server.confirmedOffset()).toBe(second + 1);
  });

  it("answers getUpdates 409 then recovers, drops a poll's connection, and refuses polling while a webhook is set", async () => {
    const { server, call, root } = await start({ longPollMs: 10 });
    server.failPolls("409");
    expect((await call("getUpdates")).status).toBe(409);
    expect((await call("getUpdates")).status).toBe(200);
    server.failPolls("drop");
    await expect(fetch(`${root}/bot${TOKEN}/getUpdates`, { method: "POST" })).rejects.toThrow();
    expect(server.polls.map((poll) => poll.status)).toEqual([409, 200, 0]);
    await call("setWebhook", { url: "http://127.0.0.1:9/tg", secret_token: "s" });
    const refused = await call("getUpdates");
    expect(refused.status).toBe(409);
    expect(refused.body.description).toContain("webhook is active");
    expect(((await call("getWebhookInfo")).body.result as { url: string }).url).toBe("http://127.0.0.1:9/tg");
    await call("deleteWebhook");
    expect((await call("getUpdates")).status).toBe(200);
  });

  it("injects the same seeded faults in every run, never in an exempt chat", async () => {
    const statuses = async () => {
      const { server, call } = await start();
      server.faults({ rate429: 0.3, rate500: 0.2, retryAfter: 2, seed: 7, exemptChats: [99] });
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await call("sendMessage", { chat_id: 1, text: "x" })).status);
      for (let i = 0; i < 10; i++) expect((await call("sendMessage", { chat_id: 99, text: "x" })).status).toBe(200);
      server.faults({ rate429: 1, exemptChats: [99] });
      expect((await call("sendMessage", { chat_id: 99, text: "x" })).status).toBe(200);
      const limited = await call("sendMessage", { chat_id: 1, text: "x" });
      expect(limited.body.parameters?.retry_after).toBe(1);
      return seen;
    };
    const first = await statuses();
    expect(first).toContain(429);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await statuses()).toEqual(first);
  });

  it("holds a send for its injected latency even when updates are pushed meanwhile", async () => {
    const { server, call } = await start();
    server.setLatency("sendMessage", 300);
    const started = Date.now();
    const sending = call("sendMessage", { chat_id: 1, text: "x" });
    await server.waitForCall((c) => c.method === "sendMessage");
    server.pushText("a push wakes long polls, not latencies", { chatId: 2 });
    expect((await sending).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("records a hanging send at once, and close() cuts it instead of waiting", async () => {
    const { server, call } = await start();
    server.faults({ rateHang: 1, hangMs: 60_000 });
    const hanging = call("sendMessage", { chat_id: 1, text: "x" }).catch((error: unknown) => error);
    const recorded = await server.waitForCall((c) => c.method === "sendMessage");
    expect(recorded.fault).toBe("hang");
    await server.close();
    expect(await hanging).toBeInstanceOf(Error);
  });

  it("never sends an update type left out of the bot's allowed_updates, as Telegram does", async () => {
    const { server, call } = await start({ longPollMs: 10 });
    server.push({ message: { message_id: 1, chat: { id: 1, type: "private" }, date: 1, text: "a" } });
    const { updateId } = server.pushCallbackQuery({ chatId: 1, messageId: 5, data: "up" });
    const updates = (await call("getUpdates", { allowed_updates: ["message"] })).body.result as Array<{ update_id: number }>;
    expect(updates.map((update) => Object.keys(update).find((key) => key !== "update_id"))).toEqual(["message"]);
    expect(server.filteredUpdates).toEqual([updateId]);
  });

  it("answers a button press once, and refuses an edit that changes nothing", async () => {
    const { server, call } = await start();
    const sent = (await call("sendMessage", { chat_id: 3, text: "answer", reply_markup: { inline_keyboard: [[{ text: "👍", callback_data: "up" }]] } })).body
      .result as { message_id: number };
    const { callbackQueryId } = server.pushCallbackQuery({ chatId: 3, messageId: sent.message_id, data: "up" });
    const update = ((await call("getUpdates")).body.result as Array<{ callback_query: { message: { text: string } } }>)[0];
    expect(update?.callback_query.message.text).toBe("answer");
    expect((await call("answerCallbackQuery", { callback_query_id: callbackQueryId })).status).toBe(200);
    expect((await call("answerCallbackQuery", { callback_query_id: callbackQueryId })).status).toBe(400);
    const markup = { inline_keyboard: [[{ text: "👍", callback_data: "up" }]] };
    expect((await call("editMessageReplyMarkup", { chat_id: 3, message_id: sent.message_id, reply_markup: markup })).status).toBe(400);
    const edited = await call("editMessageReplyMarkup", { chat_id: 3, message_id: sent.message_id, reply_markup: { inline_keyboard: [] } });
    expect(edited.status).toBe(200);
    expect(server.messagesIn(3).at(-1)?.reply_markup).toEqual({ inline_keyboard: [] });
    expect((await call("editMessageText", { chat_id: 3, message_id: 999_999, text: "x" })).status).toBe(400);
  });

  it("delivers pushed updates to webhook replicas with the secret, retrying a failure on the other replica", async () => {
    const { server } = await start();
    const a = await replica([500]);
    const b = await replica();
    server.deliverTo([a.url, b.url], "s3cret", { retryDelayMs: 1 });
    const first = server.push({ message: { message_id: 1, chat: { id: 1, type: "private" }, date: 1, text: "a" } });
    const second = server.push({ message: { message_id: 2, chat: { id: 1, type: "private" }, date: 1, text: "b" } });
    await server.deliveriesSettled();
    // The first went to a (500), then to b; the second to b.
    expect(a.received).toEqual([{ id: first, secret: "s3cret" }]);
    expect(b.received.map((r) => r.id).sort()).toEqual([first, second]);
    server.redeliver(second);
    await server.deliveriesSettled();
    expect(a.received.map((r) => r.id)).toEqual([first, second]);
    expect(server.deliveries.filter((d) => d.status === 200)).toHaveLength(3);
  });

  it("proves a chat's earlier updates were handled with a marker", async () => {
    const { server, call } = await start({ longPollMs: 10 });
    const question = server.pushText("what happened?", { chatId: 8 });
    // A stand-in bot: answers every update in order.
    let offset = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        const updates = (await call("getUpdates", { offset, timeout: 1 })).body.result as Array<{
          update_id: number;
          message: { message_id: number; chat: { id: number } };
        }>;
        for (const update of updates) {
          offset = update.update_id + 1;
          await call("sendMessage", { chat_id: update.message.chat.id, text: "ok", reply_parameters: { message_id: update.message.message_id } });
        }
      }
    })();
    await server.marker(8);
    expect(server.repliesTo(8, question.messageId)).toHaveLength(1);
    stop = true;
    await loop;
  });
});
