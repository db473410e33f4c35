import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { faultDrawer, type FaultKind, type FaultRates } from "./seededRandom.js";
import { waitForEvent, waitForEvents } from "./waitForEvent.js";

/** One Bot API call the bot made. */
export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** False when the fake refused the call (an injected failure such as a 429). */
  readonly ok: boolean;
  /** When the call reached the fake (`Date.now()`), before any injected latency. */
  readonly at: number;
  /** The HTTP status the fake answers with; 0 when it drops the connection instead. */
  readonly status: number;
  /** The injected fault drawn by `faults()`, if any. */
  readonly fault?: FaultKind | "drop";
  /** An HTTP request, or a method returned in the body of a webhook response (Telegram runs those too). */
  readonly via: "http" | "webhook-reply";
}

/** One `getUpdates` request (kept apart from `calls`, which tests count). */
export interface PollRecord {
  readonly at: number;
  readonly offset: number;
  readonly status: number;
  /** Update ids returned, empty for a failed or idle poll. */
  readonly updateIds: readonly number[];
}

/** One webhook POST of an update to a bot replica. */
export interface DeliveryRecord {
  readonly updateId: number;
  readonly url: string;
  readonly attempt: number;
  /** When the POST started. */
  readonly at: number;
  /** The replica's HTTP status; 0 for a network error or timeout. */
  readonly status: number;
  readonly durationMs: number;
}

/** When and what the fake pushed, to time the replies to it. */
export interface PushRecord {
  readonly updateId: number;
  readonly at: number;
  readonly chatId?: number;
  readonly messageId?: number;
  readonly callbackQueryId?: string;
  readonly update: Record<string, unknown>;
}

export interface FakeTelegramOptions {
  readonly token: string;
  readonly username?: string;
  /**
   * How long an idle `getUpdates` with a timeout is held open.
   * @default 300 ms: a real long poll, but tests should not wait on idle polls
   */
  readonly longPollMs?: number;
  /**
   * What `getMe` says of privacy mode: true when it is off (`/setprivacy` → Disable), so the bot sees every group message.
   * @default false, BotFather's default
   */
  readonly canReadAllGroupMessages?: boolean;
}

/** Fault rates for send methods, plus how the faults behave. */
export interface TelegramFaults extends FaultRates {
  /** `retry_after` in seconds of an injected 429. @default 1 */
  readonly retryAfter?: number;
  /** How long an injected hang holds the request before answering it normally. @default 10000 ms */
  readonly hangMs?: number;
  /** Methods the faults apply to. @default ["sendMessage"] */
  readonly methods?: readonly string[];
  /** Chats whose calls are never faulted (a chat "outside the faults"). @default [] */
  readonly exemptChats?: readonly number[];
}

/** How `deliverTo` spreads and retries webhook deliveries. */
export interface WebhookDeliveryOptions {
  /**
   * Which replica gets a first delivery: round robin, or a function of the
   * update returning an index into `urls`.
   * @default "round-robin"
   */
  readonly pick?: "round-robin" | ((update: Record<string, unknown>) => number);
  /** After a non-2xx answer or a network error, retry on the same replica or the next one. @default "other" */
  readonly retryTo?: "same" | "other";
  /** Delay before the first retry, doubled each time (Telegram backs off too). @default 100 ms */
  readonly retryDelayMs?: number;
  /** Attempts per update before it is given up. @default 5 */
  readonly maxAttempts?: number;
  /** Deliveries in flight at once across replicas (Telegram's `max_connections`). @default 40 */
  readonly maxConnections?: number;
  /** A replica that has not answered by then counts as failed. @default 60000 ms */
  readonly timeoutMs?: number;
  /**
   * The URL `getWebhookInfo` reports: the load balancer's public one that
   * `setWebhook` registered and every replica's `TELEGRAM_WEBHOOK_URL` names,
   * while deliveries go to the replicas behind it.
   * @default the first of `urls`
   */
  readonly publicUrl?: string;
}

type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

/** The kinds of `getUpdates` failure `failPolls` injects. */
export type PollFault = "409" | "401" | "500" | "502" | "drop";

interface Pending {
  readonly update: Record<string, unknown>;
  /** A deliberate redelivery: returned once whatever the offset says. */
  readonly force: boolean;
}

interface SentMessage {
  text: string;
  reply_markup?: unknown;
  /** The message as it stands now, edits included. */
  message: Record<string, unknown>;
}

const CONFLICT_POLLING = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
const CONFLICT_WEBHOOK = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";

/**
 * A Telegram Bot API server on 127.0.0.1 for tests and the load benchmark.
 * Serves `getUpdates` from a queue the test fills (or POSTs updates to
 * webhook URLs), answers the methods the bot calls, records every call with
 * its arrival time, and injects faults: failures of a method, seeded random
 * 429/500/hangs on sends, latency, conflicts and dropped connections on
 * `getUpdates`, duplicate deliveries.
 *
 * Events: `call` (RecordedCall), `poll` (PollRecord), `push` (PushRecord),
 * `delivery` (DeliveryRecord). Prefer `waitForCall`/`marker` to polling.
 */
export class FakeTelegramServer extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly polls: PollRecord[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  readonly pushes = new Map<number, PushRecord>();
  readonly botId = 424242;
  /** What `getMe` reports as `can_read_all_group_messages` (privacy mode off). */
  canReadAllGroupMessages: boolean;
  /** Messages the bot deleted (`deleteMessage`), as `chat:message`. */
  readonly deleted = new Set<string>();
  private readonly server: Server;
  private readonly token: string;
  private readonly username: string;
  private readonly longPollMs: number;
  private pending: Pending[] = [];
  /** The highest offset the bot has confirmed: updates below it are gone. */
  private confirmed = 0;
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private nextUserMessageId = 1;
  private nextCallbackId = 1;
  private readonly failures = new Map<string, { body: Record<string, unknown>; remaining: number }>();
  private readonly drops = new Map<string, number>();
  private readonly latency = new Map<string, number>();
  private readonly memberStatus = new Map<number, MemberStatus>();
  private readonly sent = new Map<string, SentMessage>();
  private readonly byMessage = new Map<string, PushRecord>();
  private readonly byCallback = new Map<string, PushRecord>();
  private readonly openCallbacks = new Set<string>();
  private fault?: { draw: () => FaultKind; options: TelegramFaults };
  private webhook?: { urls: string[]; secret?: string; options: WebhookDeliveryOptions; next: number; fromBot: boolean };
  private webhookSlots = 0;
  private readonly webhookQueue: Array<() => void> = [];
  private readonly deliveriesInFlight = new Set<Promise<void>>();
  /** Wakes held long polls: a push or close(). */
  private pollWaiters = new Set<() => void>();
  /** Wakes injected latencies, hangs and retry delays: close() only, never a push. */
  private timerWaiters = new Set<() => void>();
  private closing = false;
  /** The last `allowed_updates` the bot gave (getUpdates or setWebhook); Telegram keeps it until changed. */
  private allowedUpdates?: readonly string[];
  /** Update ids Telegram would never send the bot: their type is not in its `allowed_updates`. */
  readonly filteredUpdates: number[] = [];

  constructor(options: FakeTelegramOptions) {
    super();
    this.setMaxListeners(0);
    this.token = options.token;
    this.username = options.username ?? "cited_test_bot";
    this.longPollMs = options.longPollMs ?? 300;
    this.canReadAllGroupMessages = options.canReadAllGroupMessages ?? false;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops serving: held polls, latencies and hanging requests are cut, not awaited. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake(this.pollWaiters);
    this.wake(this.timerWaiters);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- Updates ---------------------------------------------------------------

  /** Queues an update (or delivers it to the webhook); `update_id` is filled in. */
  push(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    const full = { update_id: id, ...update };
    const record = this.recordPush(id, full);
    this.emit("push", record);
    this.enqueue({ update: full, force: false });
    return id;
  }

  /**
   * Pushes a text message from a user in a chat, with a `bot_command` entity
   * when it starts with a command. `chatId` < 0 makes a supergroup.
   */
  pushText(
    text: string,
    options: {
      chatId: number;
      userId?: number;
      firstName?: string;
      chatType?: "private" | "group" | "supergroup";
      replyTo?: Record<string, unknown>;
      /** A forum topic's id: the message is sent in that topic. */
      threadId?: number;
      /** Sent by another bot. */
      isBot?: boolean;
    },
  ): { updateId: number; messageId: number; chatId: number } {
    const messageId = this.nextUserMessageId++;
    const userId = options.userId ?? Math.abs(options.chatId);
    const type = options.chatType ?? (options.chatId > 0 ? "private" : "supergroup");
    const from = { id: userId, is_bot: options.isBot ?? false, first_name: options.firstName ?? `User ${userId}` };
    const chat = type === "private" ? { id: options.chatId, type, first_name: from.first_name } : { id: options.chatId, type, title: `Chat ${options.chatId}` };
    const command = /^\/\S+/.exec(text);
    const updateId = this.push({
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from,
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
        ...(options.threadId !== undefined ? { message_thread_id: options.threadId, is_topic_message: true } : {}),
      },
    });
    return { updateId, messageId, chatId: options.chatId };
  }

  /**
   * Pushes a button press (`callback_query`) on a message the bot sent
   * (`messageId`), as `userId`. Returns the update and callback query ids.
   */
  pushCallbackQuery(options: { chatId: number; messageId: number; data: string; userId?: number; firstName?: string }): {
    updateId: number;
    callbackQueryId: string;
  } {
    const callbackQueryId = `cbq-${this.nextCallbackId++}`;
    const userId = options.userId ?? Math.abs(options.chatId);
    const from = { id: userId, is_bot: false, first_name: options.firstName ?? `User ${userId}` };
    const message = this.sent.get(`${options.chatId}:${options.messageId}`)?.message ?? {
      message_id: options.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: options.chatId, type: options.chatId > 0 ? "private" : "supergroup" },
      from: this.botUser(),
      text: "",
    };
    this.openCallbacks.add(callbackQueryId);
    const updateId = this.push({ callback_query: { id: callbackQueryId, from, message, chat_instance: `ci-${options.chatId}`, data: options.data } });
    return { updateId, callbackQueryId };
  }

  /**
   * Delivers an update already pushed once more: in polling mode it is
   * returned by the next `getUpdates` whatever offset the bot confirmed (as
   * after a lost confirmation); in webhook mode it is POSTed to `toUrl`
   * (default: the replica after the one that had it first).
   */
  redeliver(updateId: number, toUrl?: string): void {
    const record = this.pushes.get(updateId);
    if (!record) throw new Error(`no update ${updateId} was pushed`);
    if (this.webhook) {
      const first = this.deliveries.find((delivery) => delivery.updateId === updateId)?.url;
      const index = first === undefined ? this.webhook.next : this.webhook.urls.indexOf(first) + 1;
      this.deliverLater(record.update, toUrl ?? this.webhook.urls[index % this.webhook.urls.length]!);
      return;
    }
    this.pending.unshift({ update: record.update, force: true });
    this.wake(this.pollWaiters);
  }

  /** Queues the same update again behind the ones pending, delivered once more even if confirmed. */
  pushAgain(updateId: number): void {
    const record = this.pushes.get(updateId);
    if (!record) throw new Error(`no update ${updateId} was pushed`);
    this.enqueue({ update: record.update, force: true });
  }

  /** Updates not yet confirmed by the bot (polling), or not yet delivered (webhook). */
  pendingCount(): number {
    return this.pending.filter((entry) => entry.force || Number(entry.update.update_id) >= this.confirmed).length;
  }

  /** The offset the bot has confirmed: every update below it was acknowledged. */
  confirmedOffset(): number {
    return this.confirmed;
  }

  // --- Faults ----------------------------------------------------------------

  /** Makes the next call of `method` fail with a 429 asking to retry after `seconds`. */
  rateLimitOnce(method: string, seconds = 1): void {
    this.fail(method, 429, `Too Many Requests: retry after ${seconds}`, 1, { retry_after: seconds });
  }

  /** Makes the next `times` calls of `method` fail with `code` (Infinity: every call). */
  fail(method: string, code: number, description: string, times = 1, parameters?: Record<string, unknown>): void {
    this.failures.set(method, { body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }, remaining: times });
  }

  /** Drops the connection of the next `times` calls of `method` without an answer (a network failure). */
  drop(method: string, times = 1): void {
    this.drops.set(method, times);
  }

  /** Fails the next `times` `getUpdates` calls the way Telegram or the network does. */
  failPolls(kind: PollFault, times = 1): void {
    switch (kind) {
      case "409":
        this.fail("getUpdates", 409, CONFLICT_POLLING, times);
        return;
      case "401":
        this.fail("getUpdates", 401, "Unauthorized", times);
        return;
      case "500":
        this.fail("getUpdates", 500, "Internal Server Error", times);
        return;
      case "502":
        this.fail("getUpdates", 502, "Bad Gateway", times);
        return;
      case "drop":
        this.drop("getUpdates", times);
        return;
    }
  }

  /** Delays every answer to `method` by `ms` (0 removes it); the arrival time is still recorded on arrival. */
  setLatency(method: string, ms: number): void {
    if (ms > 0) this.latency.set(method, ms);
    else this.latency.delete(method);
  }

  /** Injects seeded random faults into the send methods from now on; `faults()` with no rates turns them off. */
  faults(options: TelegramFaults = {}): void {
    const any = (options.rate429 ?? 0) + (options.rate500 ?? 0) + (options.rateHang ?? 0) > 0;
    this.fault = any ? { draw: faultDrawer(options), options } : undefined;
  }

  setMemberStatus(userId: number, status: MemberStatus): void {
    this.memberStatus.set(userId, status);
  }

  // --- Webhook mode ----------------------------------------------------------

  /**
   * Switches to webhook delivery: every pushed update (and those still
   * queued) is POSTed as JSON to one of `urls` with the header
   * `X-Telegram-Bot-Api-Secret-Token: secret`, retried on a non-2xx answer
   * or a network error; `getUpdates` is then answered 409.
   */
  deliverTo(urls: readonly string[], secret?: string, options: WebhookDeliveryOptions = {}): void {
    if (urls.length === 0) throw new Error("deliverTo needs at least one URL");
    this.webhook = { urls: [...urls], ...(secret !== undefined ? { secret } : {}), options, next: 0, fromBot: false };
    this.flushToWebhook();
  }

  /**
   * One POST to a webhook, without retries or records, for bad-input tests:
   * `body` is sent as JSON, or as is when it is a string (malformed or
   * oversized); `secret` undefined leaves the header out.
   */
  async postToWebhook(url: string, body: unknown, secret?: string): Promise<{ status: number; text: string }> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  /** Back to `getUpdates` delivery (as `deleteWebhook` does). */
  stopDelivering(): void {
    this.webhook = undefined;
  }

  /** Resolves when every webhook delivery started so far has succeeded or been given up. */
  async deliveriesSettled(): Promise<void> {
    while (this.deliveriesInFlight.size > 0) await Promise.allSettled([...this.deliveriesInFlight]);
  }

  // --- Reading what happened ---------------------------------------------------

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves with the first recorded call (already or later) that matches. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000, what = "a matching call"): Promise<RecordedCall> {
    return waitForEvent(this, "call", this.calls, predicate, timeoutMs, what);
  }

  /** Resolves once `count` recorded calls match. */
  waitForCalls(predicate: (call: RecordedCall) => boolean, count: number, timeoutMs = 5000, what = "matching calls"): Promise<RecordedCall[]> {
    return waitForEvents(this, "call", this.calls, predicate, count, timeoutMs, what);
  }

  /** Resolves with the first `getUpdates` (already or later) that matches, e.g. the bot polling again. */
  waitForPoll(predicate: (poll: PollRecord) => boolean = () => true, timeoutMs = 5000, what = "a getUpdates call"): Promise<PollRecord> {
    return waitForEvent(this, "poll", this.polls, predicate, timeoutMs, what);
  }

  /**
   * Pushes a marker message in `chatId` and resolves with the bot's reply to
   * it. The bot handles a chat's updates in order, so once the marker is
   * answered every earlier update of that chat has been handled: a test can
   * then count replies (no duplicate, nothing missing) without a fixed sleep.
   * The default marker is `/help`, which every chat type answers.
   */
  async marker(chatId: number, options: { text?: string; userId?: number; timeoutMs?: number } = {}): Promise<RecordedCall> {
    const text = options.text ?? (chatId > 0 ? "/help" : `/help@${this.username}`);
    const pushed = this.pushText(text, { chatId, ...(options.userId !== undefined ? { userId: options.userId } : {}) });
    return this.waitForCall(
      (call) => this.replyTarget(call)?.updateId === pushed.updateId,
      options.timeoutMs ?? 10_000,
      `the reply to the marker in chat ${chatId}`,
    );
  }

  /** The messages the bot sent (and still has) in a chat, oldest first, as Telegram returned them. */
  messagesIn(
    chatId: number,
  ): Array<
    Record<string, unknown> & { message_id: number; text?: string; reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> } }
  > {
    return [...this.sent.entries()]
      .filter(([key]) => key.startsWith(`${chatId}:`))
      .map(([, sent]) => sent.message as Record<string, unknown> & { message_id: number })
      .sort((a, b) => a.message_id - b.message_id);
  }

  /** Successful sends (`sendMessage`) that reply to the message `messageId` in `chatId`. */
  repliesTo(chatId: number, messageId: number): RecordedCall[] {
    return this.calls.filter(
      (call) => call.ok && call.method === "sendMessage" && sameChat(call.payload.chat_id, chatId) && replyToId(call.payload) === messageId,
    );
  }

  /**
   * The pushed update a call answers: a reply threaded to a user's message
   * (`reply_parameters.message_id` or `reply_to_message_id`, with `chat_id`),
   * or an `answerCallbackQuery` for a pushed button press.
   */
  replyTarget(call: RecordedCall): PushRecord | undefined {
    if (call.method === "answerCallbackQuery") return this.byCallback.get(String(call.payload.callback_query_id));
    const replyTo = replyToId(call.payload);
    if (replyTo === undefined) return undefined;
    return this.byMessage.get(`${String(call.payload.chat_id)}:${replyTo}`);
  }

  /** Milliseconds from the push of the update a call answers to the call's arrival. */
  latencyOf(call: RecordedCall): number | undefined {
    const target = this.replyTarget(call);
    return target === undefined ? undefined : call.at - target.at;
  }

  // --- Serving -------------------------------------------------------------------

  private botUser() {
    return { id: this.botId, is_bot: true, first_name: "Cited", username: this.username };
  }

  private recordPush(id: number, update: Record<string, unknown>): PushRecord {
    const message = (update.message ?? update.edited_message ?? update.channel_post) as { message_id?: number; chat?: { id?: number } } | undefined;
    const callback = update.callback_query as { id?: string; message?: { chat?: { id?: number } } } | undefined;
    const chatId = message?.chat?.id ?? callback?.message?.chat?.id;
    const record: PushRecord = {
      updateId: id,
      at: Date.now(),
      update,
      ...(chatId !== undefined ? { chatId } : {}),
      ...(message?.message_id !== undefined ? { messageId: message.message_id } : {}),
      ...(callback?.id !== undefined ? { callbackQueryId: callback.id } : {}),
    };
    this.pushes.set(id, record);
    if (chatId !== undefined && message?.message_id !== undefined) this.byMessage.set(`${chatId}:${message.message_id}`, record);
    if (callback?.id !== undefined) this.byCallback.set(callback.id, record);
    return record;
  }

  private enqueue(entry: Pending): void {
    if (this.webhook) this.deliverLater(entry.update);
    else {
      this.pending.push(entry);
      this.wake(this.pollWaiters);
    }
  }

  private wake(set: Set<() => void>): void {
    const waiters = [...set];
    set.clear();
    for (const wake of waiters) wake();
  }

  /** Sleeps `ms`, cut short by close(), and by a push when it holds a long poll. */
  private sleep(ms: number, longPoll = false): Promise<void> {
    const set = longPoll ? this.pollWaiters : this.timerWaiters;
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    if (!match || match[1] !== this.token) {
      send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const method = match[2] ?? "";
    const payload = await readJson(req);
    const dropsLeft = this.drops.get(method) ?? 0;
    if (dropsLeft > 0) {
      this.drops.set(method, dropsLeft - 1);
      this.record(method, payload, 0, "drop");
      req.socket.destroy();
      return;
    }
    if (method === "getUpdates") {
      const [status, body] = await this.getUpdates(payload);
      send(res, status, body);
      return;
    }
    const failure = this.failures.get(method);
    let fault: FaultKind = "none";
    if (!failure && this.fault && (this.fault.options.methods ?? ["sendMessage"]).includes(method)) {
      const exempt = this.fault.options.exemptChats ?? [];
      if (!exempt.some((chat) => sameChat(payload.chat_id, chat))) fault = this.fault.draw();
    }
    let [status, body] = failure ? [Number(failure.body.error_code), failure.body] : this.injected(fault);
    if (failure && --failure.remaining <= 0) this.failures.delete(method);
    // The answer is decided on arrival, so the record says how the call went.
    if (status === 200) [status, body] = this.answer(method, payload);
    this.record(method, payload, status, fault === "none" ? undefined : fault);
    const delay = (this.latency.get(method) ?? 0) + (fault === "hang" ? (this.fault?.options.hangMs ?? 10_000) : 0);
    if (delay > 0) await this.sleep(delay);
    if (this.closing) {
      req.socket.destroy();
      return;
    }
    send(res, status, body);
  }

  private injected(fault: FaultKind): [number, unknown] {
    if (fault === "429") {
      const seconds = this.fault?.options.retryAfter ?? 1;
      return [429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } }];
    }
    if (fault === "500") return [500, { ok: false, error_code: 500, description: "Internal Server Error" }];
    return [200, undefined];
  }

  private record(method: string, payload: Record<string, unknown>, status: number, fault?: FaultKind | "drop", via: RecordedCall["via"] = "http"): void {
    if (method === "getUpdates") {
      const poll: PollRecord = { at: Date.now(), offset: Number(payload.offset ?? 0), status, updateIds: [] };
      this.polls.push(poll);
      this.emit("poll", poll);
      return;
    }
    const call: RecordedCall = { method, payload, ok: status === 200, at: Date.now(), status, via, ...(fault ? { fault } : {}) };
    this.calls.push(call);
    this.emit("call", call);
  }

  private async getUpdates(payload: Record<string, unknown>): Promise<[number, unknown]> {
    const at = Date.now();
    const offset = Number(payload.offset ?? 0);
    const finish = (status: number, body: unknown, updateIds: number[] = []): [number, unknown] => {
      const poll: PollRecord = { at, offset, status, updateIds };
      this.polls.push(poll);
      this.emit("poll", poll);
      return [status, body];
    };
    const failure = this.failures.get("getUpdates");
    if (failure) {
      if (--failure.remaining <= 0) this.failures.delete("getUpdates");
      return finish(Number(failure.body.error_code), failure.body);
    }
    if (this.webhook) return finish(409, { ok: false, error_code: 409, description: CONFLICT_WEBHOOK });
    // Telegram forgets every update below the highest offset it was given.
    if (offset > this.confirmed) this.confirmed = offset;
    this.noteAllowedUpdates(payload.allowed_updates);
    this.pending = this.pending.filter((entry) => (entry.force || Number(entry.update.update_id) >= this.confirmed) && this.allowed(entry.update));
    const limit = Math.min(Math.max(Number(payload.limit ?? 100), 1), 100);
    if (this.pending.length === 0 && Number(payload.timeout ?? 0) > 0) await this.sleep(Math.min(this.longPollMs, Number(payload.timeout) * 1000), true);
    if (this.closing) return finish(200, { ok: true, result: [] });
    this.pending = this.pending.filter((entry) => this.allowed(entry.update));
    const batch = this.pending.slice(0, limit);
    // A forced redelivery is handed out once; the rest wait for the bot's confirmation.
    const handed = new Set(batch.filter((entry) => entry.force));
    this.pending = this.pending.filter((entry) => !handed.has(entry));
    const updates = batch.map((entry) => entry.update);
    const latency = this.latency.get("getUpdates") ?? 0;
    if (latency > 0) await this.sleep(latency);
    return finish(
      200,
      { ok: true, result: updates },
      updates.map((update) => Number(update.update_id)),
    );
  }

  private noteAllowedUpdates(value: unknown): void {
    const list = parseMaybeJson(value);
    if (Array.isArray(list)) this.allowedUpdates = list.map(String);
  }

  /** Whether Telegram would send this update to the bot; one it would not is dropped (and noted). */
  private allowed(update: Record<string, unknown>): boolean {
    const type = Object.keys(update).find((key) => key !== "update_id") ?? "";
    // An empty list, or none given, means every type but these three, which must be asked for.
    const ok =
      this.allowedUpdates === undefined || this.allowedUpdates.length === 0
        ? !["chat_member", "message_reaction", "message_reaction_count"].includes(type)
        : this.allowedUpdates.includes(type);
    if (!ok) this.filteredUpdates.push(Number(update.update_id));
    return ok;
  }

  private answer(method: string, payload: Record<string, unknown>): [number, unknown] {
    try {
      return [200, { ok: true, result: this.result(method, payload) }];
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return [400, { ok: false, error_code: 400, description: error.message }];
    }
  }

  private result(method: string, payload: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return { ...this.botUser(), can_join_groups: true, can_read_all_group_messages: this.canReadAllGroupMessages, supports_inline_queries: true };
      case "deleteMessage": {
        const key = `${String(payload.chat_id)}:${String(payload.message_id)}`;
        if (!this.sent.delete(key)) throw new BadRequest("Bad Request: message to delete not found");
        this.deleted.add(key);
        return true;
      }
      case "sendMessage":
        return this.sendMessage(payload);
      case "editMessageText":
      case "editMessageReplyMarkup":
        return this.edit(method, payload);
      case "answerCallbackQuery": {
        const id = String(payload.callback_query_id);
        if (!this.openCallbacks.delete(id)) throw new BadRequest(QUERY_TOO_OLD);
        return true;
      }
      case "getChatMember": {
        const userId = Number(payload.user_id);
        return { status: this.memberStatus.get(userId) ?? "member", user: { id: userId, is_bot: false, first_name: "User" } };
      }
      case "setWebhook": {
        const url = String(payload.url ?? "");
        if (url === "") {
          this.webhook = undefined;
          return true;
        }
        const secret = payload.secret_token === undefined ? undefined : String(payload.secret_token);
        this.webhook = { urls: [url], ...(secret !== undefined ? { secret } : {}), options: {}, next: 0, fromBot: true };
        this.noteAllowedUpdates(payload.allowed_updates);
        if (payload.drop_pending_updates) this.pending = [];
        this.flushToWebhook();
        return true;
      }
      case "deleteWebhook":
        this.webhook = undefined;
        if (payload.drop_pending_updates) this.pending = [];
        return true;
      case "getWebhookInfo":
        return {
          url: this.webhook ? (this.webhook.options.publicUrl ?? this.webhook.urls[0]) : "",
          has_custom_certificate: false,
          pending_update_count: this.webhook ? this.deliveriesInFlight.size : this.pendingCount(),
          max_connections: this.webhook?.options.maxConnections ?? 40,
        };
      default:
        return true;
    }
  }

  private sendMessage(payload: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(payload.chat_id);
    const messageId = this.nextMessageId++;
    const replyTo = replyToId(payload);
    const original = replyTo === undefined ? undefined : this.byMessage.get(`${chatId}:${replyTo}`)?.update.message;
    const message = {
      message_id: messageId,
      from: this.botUser(),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
      text: String(payload.text ?? ""),
      ...(original ? { reply_to_message: original } : {}),
      ...(payload.message_thread_id !== undefined ? { message_thread_id: Number(payload.message_thread_id), is_topic_message: true } : {}),
      ...(payload.reply_markup !== undefined ? { reply_markup: parseMaybeJson(payload.reply_markup) } : {}),
    };
    this.sent.set(`${chatId}:${messageId}`, { text: message.text, reply_markup: message.reply_markup, message });
    return message;
  }

  private edit(method: string, payload: Record<string, unknown>): unknown {
    if (payload.inline_message_id !== undefined) return true;
    const key = `${String(payload.chat_id)}:${String(payload.message_id)}`;
    const sent = this.sent.get(key);
    if (!sent) throw new BadRequest("Bad Request: message to edit not found");
    const text = method === "editMessageText" ? String(payload.text ?? "") : sent.text;
    // Like Telegram, an edit without reply_markup removes the buttons.
    const markup = payload.reply_markup === undefined ? undefined : parseMaybeJson(payload.reply_markup);
    // Telegram refuses an edit that changes nothing.
    if (text === sent.text && JSON.stringify(markup) === JSON.stringify(sent.reply_markup)) {
      throw new BadRequest(
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    sent.text = text;
    sent.reply_markup = markup;
    const message = { ...sent.message, text, edit_date: Math.floor(Date.now() / 1000), ...(markup !== undefined ? { reply_markup: markup } : {}) };
    if (markup === undefined) delete (message as { reply_markup?: unknown }).reply_markup;
    sent.message = message;
    return message;
  }

  // --- Webhook delivery -----------------------------------------------------------

  private flushToWebhook(): void {
    const queued = this.pending.filter((entry) => entry.force || Number(entry.update.update_id) >= this.confirmed);
    this.pending = [];
    for (const entry of queued) this.deliverLater(entry.update);
  }

  private deliverLater(update: Record<string, unknown>, url?: string): void {
    const delivery = this.deliver(update, url).finally(() => this.deliveriesInFlight.delete(delivery));
    this.deliveriesInFlight.add(delivery);
  }

  private async deliver(update: Record<string, unknown>, firstUrl?: string): Promise<void> {
    const hook = this.webhook;
    if (!hook || !this.allowed(update)) return;
    const { options, urls } = hook;
    let index: number;
    if (firstUrl !== undefined) index = Math.max(0, urls.indexOf(firstUrl));
    else if (typeof options.pick === "function") index = options.pick(update);
    else index = hook.next++;
    const maxAttempts = options.maxAttempts ?? 5;
    const body = JSON.stringify(update);
    for (let attempt = 1; attempt <= maxAttempts && !this.closing; attempt++) {
      const url = firstUrl !== undefined && attempt === 1 ? firstUrl : urls[((index % urls.length) + urls.length) % urls.length]!;
      const status = await this.withSlot(() => this.post(url, body, hook.secret, Number(update.update_id), attempt, options.timeoutMs ?? 60_000));
      if (status >= 200 && status < 300) return;
      if ((options.retryTo ?? "other") === "other") index++;
      await this.sleep((options.retryDelayMs ?? 100) * 2 ** (attempt - 1));
    }
  }

  private async withSlot<T>(run: () => Promise<T>): Promise<T> {
    const max = this.webhook?.options.maxConnections ?? 40;
    if (this.webhookSlots >= max) await new Promise<void>((resolve) => this.webhookQueue.push(resolve));
    this.webhookSlots++;
    try {
      return await run();
    } finally {
      this.webhookSlots--;
      this.webhookQueue.shift()?.();
    }
  }

  private async post(url: string, body: string, secret: string | undefined, updateId: number, attempt: number, timeoutMs: number): Promise<number> {
    const at = Date.now();
    let status = 0;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      // A webhook may answer with one method call in its body, which Telegram runs.
      if (status === 200 && text.trim().startsWith("{")) {
        const reply = parseMaybeJson(text) as Record<string, unknown> | undefined;
        if (reply && typeof reply.method === "string") {
          const { method, ...payload } = reply;
          const [replyStatus] = this.answer(method, payload);
          this.record(method, payload, replyStatus, undefined, "webhook-reply");
        }
      }
    } catch {
      status = 0;
    }
    const record: DeliveryRecord = { updateId, url, attempt, at, status, durationMs: Date.now() - at };
    this.deliveries.push(record);
    this.emit("delivery", record);
    return status;
  }
}

/** A 400 the fake answers with, as Telegram does for an invalid request. */
class BadRequest extends Error {}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function replyToId(payload: Record<string, unknown>): number | undefined {
  const parameters = parseMaybeJson(payload.reply_parameters) as { message_id?: unknown } | undefined;
  const id = parameters?.message_id ?? payload.reply_to_message_id;
  return id === undefined ? undefined : Number(id);
}

function sameChat(value: unknown, chatId: number): boolean {
  return value !== undefined && String(value) === String(chatId);
}

/** Form-encoded or multipart payloads carry objects as JSON strings. */
function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  // Events, not `for await`: the async iterator costs the fake noticeable time per request under load.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    req.on("data", (chunk: Buffer) => received.push(chunk));
    req.on("end", () => resolve(received));
    req.on("error", reject);
  });
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}
