import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { APPLICATION_ID, BOT_USER, GUILD_ID, botMessage, snowflake } from "./discordInteractions.js";
import { faultDrawer, type FaultKind, type FaultRates } from "./seededRandom.js";
import { waitForEvent, waitForEvents } from "./waitForEvent.js";

export { APPLICATION_ID, BOT_USER } from "./discordInteractions.js";

/** One REST call the bot made. */
export interface RestCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** When the call reached the fake (`Date.now()`), before any injected latency. */
  readonly at: number;
  /** The HTTP status the fake answers with. */
  readonly status: number;
  /** The injected fault drawn by `faults()`, if any. */
  readonly fault?: FaultKind;
}

/** Something that happened on the gateway, for tests to wait on. */
export interface GatewayEvent {
  readonly type: "connect" | "identify" | "ready" | "resume" | "resumed" | "invalid-session" | "heartbeat" | "close";
  readonly at: number;
  readonly sessionId?: string;
  /** The close code, for `close`. */
  readonly code?: number;
  /** Dispatches replayed, for `resumed`. */
  readonly replayed?: number;
}

/** An interaction's acknowledgement: a successful callback over REST or the HTTP response to a delivered interaction. */
export interface Acknowledgement {
  readonly interactionId: string;
  readonly at: number;
  /** Milliseconds since the fake dispatched or delivered the interaction. */
  readonly latencyMs: number;
  /** The callback type (4 message, 5 deferred, 6/7 component update, 8 autocomplete, 9 modal). */
  readonly type: number;
  readonly via: "rest" | "http";
  /** The response itself (type and data). */
  readonly body: unknown;
}

/** The bot's answer to `deliverInteraction`. */
export interface DeliveredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly at: number;
  readonly durationMs: number;
}

export interface FakeDiscordOptions {
  /**
   * Heartbeat interval sent in HELLO.
   * @default 40000 ms, Discord's; short values make heartbeat-loss tests quick
   */
  readonly heartbeatIntervalMs?: number;
  /**
   * How long after dispatch an interaction can still be acknowledged; a
   * later callback is answered 404 Unknown interaction (10062), as Discord does.
   * @default 3000 ms
   */
  readonly callbackWindowMs?: number;
  /**
   * How long a session whose socket closed still receives dispatches (to be
   * replayed on RESUME) when no other client is connected.
   * @default 10000 ms
   */
  readonly resumeWindowMs?: number;
  /**
   * Whether the application may use the privileged Message Content intent;
   * when not, an IDENTIFY asking for it is closed with 4014 (Disallowed intents), as Discord does.
   * @default true
   */
  readonly messageContent?: boolean;
}

/** A channel the fake knows, for `GET /channels/:id` and posting in it. */
export interface FakeChannel {
  readonly id: string;
  /** 0 text, 1 direct message, 11 public thread, 15 forum. */
  readonly type: number;
  /** Absent for a direct message. */
  readonly guild_id?: string;
  /** A direct message's person. */
  readonly recipient_id?: string;
  readonly parent_id?: string;
  readonly owner_id?: string;
  readonly name?: string;
}

/** A message the bot posted in a channel (`POST /channels/:id/messages`). */
export interface ChannelPost {
  readonly id: string;
  readonly channelId: string;
  readonly body: Record<string, unknown>;
  /** When it was posted (`Date.now()`). */
  readonly at: number;
}

/** Rates of faults injected into interaction callbacks. */
export interface DiscordFaults extends FaultRates {
  /** `retry_after` of an injected 429, in seconds. @default 1 */
  readonly retryAfter?: number;
  /** How long an injected hang holds a callback before answering it. @default 10000 ms */
  readonly hangMs?: number;
}

interface Session {
  readonly id: string;
  sequence: number;
  /** Every dispatch sent (or meant) for this session, for replay on RESUME. */
  readonly log: Array<{ s: number; packet: string }>;
  socket?: WebSocket;
  valid: boolean;
  disconnectedAt?: number;
}

interface StoredMessage {
  readonly id: string;
  message: Record<string, unknown>;
}

const UNKNOWN_INTERACTION = { message: "Unknown interaction", code: 10062 };
const ALREADY_ACKNOWLEDGED = { message: "Interaction has already been acknowledged.", code: 40060 };

/**
 * Discord REST + gateway on 127.0.0.1 for tests and the load benchmark: the
 * real discord.js client logs in to it (GET /gateway/bot → HELLO → IDENTIFY →
 * READY), receives the interactions the test dispatches, and its REST calls
 * are recorded. Injects faults: callback 429s/500s/latency, gateway closes,
 * INVALID_SESSION, unacknowledged heartbeats; supports RESUME with replay.
 * Also delivers interactions over HTTP, signed with Ed25519, to a bot in
 * HTTP interactions mode.
 *
 * Events: `call` (RestCall), `ack` (Acknowledgement), `gateway` (GatewayEvent).
 */
export class FakeDiscordServer extends EventEmitter {
  readonly calls: RestCall[] = [];
  readonly acknowledgements: Acknowledgement[] = [];
  readonly gatewayEvents: GatewayEvent[] = [];
  /** When each interaction was dispatched or delivered (`Date.now()`). */
  readonly dispatchedAt = new Map<string, number>();
  private readonly http: Server;
  private readonly gateway: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly allSessions = new Map<string, Session>();
  /** Dispatches no session could take, for the next client that becomes ready. */
  private undelivered: Array<Record<string, unknown>> = [];
  private nextSession = 1;
  private port = 0;
  private ackHeartbeats = true;
  private readonly heartbeatIntervalMs: number;
  private readonly callbackWindowMs: number;
  private readonly resumeWindowMs: number;
  private readonly acknowledged = new Set<string>();
  private readonly tokens = new Map<string, string>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly messageContent: boolean;
  /** Channels by id: the test's, and threads the bot started from a message. */
  readonly channels = new Map<string, FakeChannel>();
  /** What the bot posted in channels and threads, oldest first. */
  readonly posts: ChannelPost[] = [];
  /** `channel:message` of messages the bot deleted. */
  readonly deletedMessages = new Set<string>();
  /** Per thread, how many more posts get 40058 (its first message not there yet). */
  private readonly notYetPostable = new Map<string, number>();
  private readonly latency: Array<{ route: string | RegExp; ms: number }> = [];
  private fault?: { draw: () => FaultKind; options: DiscordFaults };
  private keys?: { publicKey: KeyObject; privateKey: KeyObject };
  private readonly timers = new Set<() => void>();
  private webhookFailures = { remaining: 0, status: 503 };
  private firstCallbacksLimited: number | undefined;
  private readonly calledBack = new Set<string>();
  private closing = false;

  /** The token the fake accepts; anything else gets 401. */
  constructor(
    private readonly token: string,
    options: FakeDiscordOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 40_000;
    this.callbackWindowMs = options.callbackWindowMs ?? 3000;
    this.resumeWindowMs = options.resumeWindowMs ?? 10_000;
    this.messageContent = options.messageContent ?? true;
    this.http = createServer((req, res) => void this.handle(req, res));
    this.gateway = new WebSocketServer({ server: this.http });
    this.gateway.on("connection", (socket) => this.accept(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const wake of [...this.timers]) wake();
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // --- Messages in channels ----------------------------------------------------------

  /** Makes a channel known (a text channel, a forum, a thread in one). */
  addChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, channel);
  }

  /**
   * Sends MESSAGE_CREATE with its content: a person's message (or a bot's,
   * with `bot`), in `channelId`, optionally replying to `replyTo`. Returns its id.
   */
  messageCreate(fields: {
    channelId: string;
    content: string;
    userId?: string;
    bot?: boolean;
    webhookId?: string;
    roles?: readonly string[];
    replyTo?: string;
    id?: string;
  }): string {
    const id = fields.id ?? snowflake();
    const channel = this.channels.get(fields.channelId);
    const userId = fields.userId ?? "444444444444444444";
    // A message's usual fields as botMessage gives them, from a person (or another bot) in a server.
    this.send("MESSAGE_CREATE", {
      ...botMessage({ id, content: fields.content, channelId: fields.channelId }),
      type: fields.replyTo === undefined ? 0 : 19,
      guild_id: channel?.guild_id ?? GUILD_ID,
      author: { id: userId, username: `user${userId.slice(-4)}`, discriminator: "0", global_name: null, avatar: null, ...(fields.bot ? { bot: true } : {}) },
      member: { roles: [...(fields.roles ?? [])], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      ...(fields.webhookId ? { webhook_id: fields.webhookId } : {}),
      ...(fields.replyTo !== undefined ? { message_reference: { type: 0, message_id: fields.replyTo, channel_id: fields.channelId } } : {}),
    });
    return id;
  }

  /**
   * A new forum post: its thread (whose id is its first message's), then the
   * author's first message, to which posting answers 40058 `times` times first.
   */
  forumPost(forumId: string, content: string, options: { userId?: string; raceTimes?: number } = {}): string {
    const id = snowflake();
    const forum = this.channels.get(forumId);
    this.addChannel({
      id,
      type: 11,
      guild_id: forum?.guild_id ?? GUILD_ID,
      parent_id: forumId,
      owner_id: options.userId ?? "444444444444444444",
      name: content.slice(0, 20),
    });
    if ((options.raceTimes ?? 0) > 0) this.notYetPostable.set(id, options.raceTimes ?? 0);
    this.messageCreate({ channelId: id, content, id, ...(options.userId ? { userId: options.userId } : {}) });
    return id;
  }

  /** The bot's posts in a channel or thread. */
  postsIn(channelId: string): ChannelPost[] {
    return this.posts.filter((post) => post.channelId === channelId);
  }

  private channelRoute(method: string, path: string, body: unknown): Reply | undefined {
    if (path === "/users/@me/channels" && method === "POST") {
      // A direct message channel with a person: one per person, as Discord keeps it.
      const recipient = String((body as { recipient_id?: unknown }).recipient_id ?? "");
      const known = [...this.channels.values()].find((channel) => channel.type === 1 && channel.recipient_id === recipient);
      const dm: FakeChannel = known ?? { id: snowflake(), type: 1, recipient_id: recipient };
      this.addChannel(dm);
      return {
        status: 200,
        body: { ...dm, recipients: [{ id: recipient, username: `user${recipient.slice(-4)}`, discriminator: "0", global_name: null, avatar: null }] },
      };
    }
    const channel = /^\/channels\/(\d+)$/.exec(path);
    if (channel && method === "GET") {
      const known = this.channels.get(channel[1] ?? "");
      return known ? { status: 200, body: known } : { status: 404, body: { message: "Unknown Channel", code: 10003 } };
    }
    const thread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (thread && method === "POST") {
      const parent = this.channels.get(thread[1] ?? "");
      // A thread started from a message has that message's id.
      const created: FakeChannel = {
        id: thread[2] ?? "",
        type: 11,
        guild_id: parent?.guild_id ?? GUILD_ID,
        parent_id: thread[1] ?? "",
        owner_id: APPLICATION_ID,
        name: String((body as { name?: unknown }).name ?? ""),
      };
      if (this.channels.has(created.id)) return { status: 400, body: { message: "A thread has already been created for this message", code: 160004 } };
      this.addChannel(created);
      return { status: 201, body: { ...created, thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false } } };
    }
    const post = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (post && method === "POST") {
      const channelId = post[1] ?? "";
      const waiting = this.notYetPostable.get(channelId) ?? 0;
      if (waiting > 0) {
        this.notYetPostable.set(channelId, waiting - 1);
        return { status: 400, body: { message: "Cannot send messages in this thread until the first message is posted", code: 40058 } };
      }
      const id = snowflake();
      this.posts.push({ id, channelId, body: body as Record<string, unknown>, at: Date.now() });
      return { status: 200, body: { ...botMessage({ id, channelId }), ...(body as Record<string, unknown>) } };
    }
    const remove = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (remove && method === "DELETE") {
      this.deletedMessages.add(`${remove[1]}:${remove[2]}`);
      return { status: 204 };
    }
    return undefined;
  }

  // --- Interactions over the gateway ------------------------------------------------

  /**
   * Sends INTERACTION_CREATE to every connected client. While none is
   * connected, it goes to the session that can still resume (replayed on
   * RESUME), else to the next client that becomes ready.
   */
  dispatch(interaction: Record<string, unknown>): void {
    this.noteInteraction(interaction);
    this.send("INTERACTION_CREATE", interaction);
  }

  /** Closes every gateway connection with `code` (4000: unknown error, the client should RESUME). */
  closeGateway(code = 4000, reason = "Unknown error"): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Sends op 9 INVALID_SESSION; with `resumable` false the client must identify again (the session is gone). */
  invalidateSession(resumable = false): void {
    for (const [socket, session] of this.sessions) {
      if (!resumable) session.valid = false;
      socket.send(JSON.stringify({ op: 9, d: resumable }));
      this.gatewayEvent({ type: "invalid-session", sessionId: session.id });
    }
  }

  /** Sends op 7 RECONNECT: the client should reconnect and RESUME. */
  requestReconnect(): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 7, d: null }));
  }

  /** Stops (false) or resumes (true) answering heartbeats with op 11; a client should then reconnect and RESUME. */
  acknowledgeHeartbeats(on: boolean): void {
    this.ackHeartbeats = on;
  }

  /** Clients with a ready gateway session now. */
  connectedClients(): number {
    return this.sessions.size;
  }

  // --- Interactions over HTTP -------------------------------------------------------

  /** The Ed25519 private key that signs delivered interactions. */
  get signingKey(): KeyObject {
    return this.keyPair().privateKey;
  }

  /** The raw 32-byte public key as hex, as the developer portal shows it (DISCORD_PUBLIC_KEY). */
  get publicKeyHex(): string {
    const der = this.keyPair().publicKey.export({ format: "der", type: "spki" });
    return der.subarray(der.length - 32).toString("hex");
  }

  /**
   * POSTs an interaction to a bot in HTTP interactions mode, signed with
   * `X-Signature-Ed25519` over timestamp + body, and returns its response.
   * A 2xx response with a `type` counts as the acknowledgement.
   * `tamper` sends a wrong signature; `rawBody` replaces the JSON body.
   */
  async deliverInteraction(
    url: string,
    interaction: Record<string, unknown>,
    options: { tamper?: boolean; rawBody?: string; timestamp?: string } = {},
  ): Promise<DeliveredResponse> {
    this.noteInteraction(interaction);
    const body = options.rawBody ?? JSON.stringify(interaction);
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    let signature = sign(null, Buffer.from(timestamp + body), this.signingKey).toString("hex");
    if (options.tamper) signature = `${signature.slice(0, -2)}${signature.endsWith("00") ? "11" : "00"}`;
    const at = Date.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const done = Date.now();
    const type = (parsed as { type?: unknown } | undefined)?.type;
    const id = String(interaction.id);
    if (response.ok && typeof type === "number" && type !== 1) {
      if (!this.acknowledged.has(id)) this.acknowledge(id, type, "http", done, parsed);
      this.storeCallbackMessage(id, type, (parsed as { data?: Record<string, unknown> }).data);
    }
    return { status: response.status, body: parsed, at, durationMs: done - at };
  }

  // --- Faults ---------------------------------------------------------------------

  /** Injects seeded random faults into interaction callbacks from now on; `faults()` turns them off. */
  faults(options: DiscordFaults = {}): void {
    const any = (options.rate429 ?? 0) + (options.rate500 ?? 0) + (options.rateHang ?? 0) > 0;
    this.fault = any ? { draw: faultDrawer(options), options } : undefined;
  }

  /** Answers the first callback of every interaction from now on 429 (`Retry-After: seconds`); `undefined` stops it. */
  rateLimitFirstCallbacks(seconds: number | undefined): void {
    this.firstCallbacksLimited = seconds;
  }

  /** Answers the next `times` follow-up webhook calls (any interaction's) with `status`, as a Discord outage would. */
  failWebhooks(times: number, status = 503): void {
    this.webhookFailures = { remaining: times, status };
  }

  /** Delays answers to REST paths containing `route` (or matching it) by `ms`; 0 removes it. */
  setLatency(route: string | RegExp, ms: number): void {
    const index = this.latency.findIndex((entry) => String(entry.route) === String(route));
    if (index >= 0) this.latency.splice(index, 1);
    if (ms > 0) this.latency.push({ route, ms });
  }

  // --- Reading what happened ----------------------------------------------------------

  /** Calls to the interaction callback endpoint for one interaction id. */
  callbacksFor(interactionId: string): RestCall[] {
    return this.calls.filter((call) => call.path.includes(`/interactions/${interactionId}/`));
  }

  /** Modal responses (callback type 9) the bot sent for an interaction. */
  modalsFor(interactionId: string): RestCall[] {
    return this.callbacksFor(interactionId).filter((call) => (call.body as { type?: number } | undefined)?.type === 9);
  }

  /** Follow-up webhook calls (POST/PATCH/GET/DELETE /webhooks/:app/:token…) for an interaction. */
  followUpsFor(interactionId: string): RestCall[] {
    const token = this.tokens.get(interactionId);
    return token === undefined ? [] : this.calls.filter((call) => call.path.startsWith(`/webhooks/${APPLICATION_ID}/${token}`));
  }

  /** Resolves with the first recorded REST call (already or later) that matches. */
  waitForCall(predicate: (call: RestCall) => boolean, timeoutMs = 5000, what = "a matching call"): Promise<RestCall> {
    return waitForEvent(this, "call", this.calls, predicate, timeoutMs, what);
  }

  /** Resolves once `count` recorded REST calls match. */
  waitForCalls(predicate: (call: RestCall) => boolean, count: number, timeoutMs = 5000, what = "matching calls"): Promise<RestCall[]> {
    return waitForEvents(this, "call", this.calls, predicate, count, timeoutMs, what);
  }

  /** Resolves with the first successful acknowledgement of the interaction (REST callback or HTTP response). */
  waitForCallback(interactionId: string, timeoutMs = 5000): Promise<Acknowledgement> {
    return waitForEvent(
      this,
      "ack",
      this.acknowledgements,
      (ack) => ack.interactionId === interactionId,
      timeoutMs,
      `the callback of interaction ${interactionId}`,
    );
  }

  /**
   * The reply to an interaction as its asker sees it, once it has arrived:
   * the first response; or, when that was a deferral (type 5, or 6 for a
   * button), the follow-up that delivered the reply (the deferred message
   * edited, or a follow-up message), as a type 4 response with `deferred`.
   */
  async replyTo(interactionId: string, timeoutMs = 5000): Promise<{ type: number; data?: Record<string, unknown>; deferred: boolean; at: number }> {
    const ack = await this.waitForCallback(interactionId, timeoutMs);
    if (ack.type !== 5 && ack.type !== 6) return { ...(ack.body as { type: number; data?: Record<string, unknown> }), deferred: false, at: ack.at };
    const token = this.tokens.get(interactionId);
    const delivered = (call: RestCall) =>
      call.status < 300 &&
      call.path.startsWith(`/webhooks/${APPLICATION_ID}/${token}`) &&
      ((call.method === "PATCH" && call.path.endsWith("/messages/@original")) || (call.method === "POST" && !call.path.includes("/messages/")));
    const call = await this.waitForCall(delivered, timeoutMs, `the follow-up of interaction ${interactionId}`);
    return { type: 4, data: call.body as Record<string, unknown>, deferred: true, at: call.at };
  }

  /** Resolves with the next gateway event of `type` after `since` (default: any, already or later). */
  waitForGateway(type: GatewayEvent["type"], options: { since?: number; timeoutMs?: number } = {}): Promise<GatewayEvent> {
    const since = options.since ?? 0;
    return waitForEvent(this, "gateway", this.gatewayEvents, (event) => event.type === type && event.at >= since, options.timeoutMs ?? 5000, `gateway ${type}`);
  }

  // --- Gateway ------------------------------------------------------------------------

  private keyPair() {
    this.keys ??= generateKeyPairSync("ed25519");
    return this.keys;
  }

  private noteInteraction(interaction: Record<string, unknown>): void {
    const id = String(interaction.id);
    this.dispatchedAt.set(id, Date.now());
    if (typeof interaction.token === "string") this.tokens.set(id, interaction.token);
  }

  private gatewayEvent(event: Omit<GatewayEvent, "at">): void {
    const full = { ...event, at: Date.now() };
    this.gatewayEvents.push(full);
    this.emit("gateway", full);
  }

  /** Sends a dispatch to every ready session, else the resumable one, else keeps it for the next ready client. */
  private send(event: string, data: Record<string, unknown>): void {
    let targets = [...this.sessions.values()];
    if (targets.length === 0) {
      const now = Date.now();
      const resumable = [...this.allSessions.values()]
        .filter((session) => session.valid && session.disconnectedAt !== undefined && now - session.disconnectedAt < this.resumeWindowMs)
        .sort((a, b) => (b.disconnectedAt ?? 0) - (a.disconnectedAt ?? 0));
      targets = resumable.slice(0, 1);
    }
    if (targets.length === 0) {
      this.undelivered.push({ t: event, d: data });
      return;
    }
    for (const session of targets) {
      const s = ++session.sequence;
      const packet = JSON.stringify({ op: 0, t: event, s, d: data });
      session.log.push({ s, packet });
      if (session.socket && this.sessions.get(session.socket) === session) session.socket.send(packet);
    }
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    this.gatewayEvent({ type: "connect" });
    socket.on("close", (code) => {
      this.sockets.delete(socket);
      const session = this.sessions.get(socket);
      this.sessions.delete(socket);
      if (session) {
        session.disconnectedAt = Date.now();
        delete session.socket;
        // A client closing normally ends its session; any other close may resume.
        if (code === 1000 || code === 1001) session.valid = false;
      }
      this.gatewayEvent({ type: "close", code, ...(session ? { sessionId: session.id } : {}) });
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on("message", (raw) => {
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      if (packet.op === 1) {
        this.gatewayEvent({ type: "heartbeat" });
        if (this.ackHeartbeats) socket.send(JSON.stringify({ op: 11 }));
      }
      if (packet.op === 2) this.identify(socket, packet.d as { token?: string });
      if (packet.op === 6) this.resume(socket, packet.d as { token?: string; session_id?: string; seq?: number });
    });
  }

  private identify(socket: WebSocket, d: { token?: string; intents?: number }): void {
    if (d.token !== this.token) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    // The Message Content intent is privileged: an application without it is refused.
    if (!this.messageContent && ((d.intents ?? 0) & (1 << 15)) !== 0) {
      socket.close(4014, "Disallowed intent(s).");
      return;
    }
    const session: Session = { id: `fake-session-${this.nextSession++}`, sequence: 0, log: [], socket, valid: true };
    this.allSessions.set(session.id, session);
    this.gatewayEvent({ type: "identify", sessionId: session.id });
    const s = ++session.sequence;
    socket.send(
      JSON.stringify({
        op: 0,
        t: "READY",
        s,
        d: {
          v: 10,
          user: BOT_USER,
          guilds: [],
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: APPLICATION_ID, flags: 0 },
        },
      }),
    );
    this.sessions.set(socket, session);
    this.gatewayEvent({ type: "ready", sessionId: session.id });
    this.flushUndelivered();
  }

  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = d.session_id === undefined ? undefined : this.allSessions.get(d.session_id);
    this.gatewayEvent({ type: "resume", ...(d.session_id ? { sessionId: d.session_id } : {}) });
    if (d.token !== this.token || !session || !session.valid) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      this.gatewayEvent({ type: "invalid-session", ...(d.session_id ? { sessionId: d.session_id } : {}) });
      return;
    }
    // Another socket of the same session (a resume before the old close arrived) loses it.
    if (session.socket && session.socket !== socket) this.sessions.delete(session.socket);
    const missed = session.log.filter((entry) => entry.s > Number(d.seq ?? 0));
    for (const entry of missed) socket.send(entry.packet);
    session.socket = socket;
    delete session.disconnectedAt;
    const s = ++session.sequence;
    socket.send(JSON.stringify({ op: 0, t: "RESUMED", s, d: {} }));
    this.sessions.set(socket, session);
    this.gatewayEvent({ type: "resumed", sessionId: session.id, replayed: missed.length });
    this.flushUndelivered();
  }

  private flushUndelivered(): void {
    const waiting = this.undelivered;
    this.undelivered = [];
    for (const { t, d } of waiting) this.send(String(t), d as Record<string, unknown>);
  }

  // --- REST ---------------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(wake);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // discord.js escapes "@original" as "%40original", as Discord accepts it.
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, "");
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const at = Date.now();
    let fault: FaultKind = "none";
    let response: Reply;
    if (req.headers.authorization !== undefined && req.headers.authorization !== `Bot ${this.token}`) {
      response = { status: 401, body: { message: "401: Unauthorized", code: 0 } };
    } else {
      const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path);
      if (callback && this.fault) fault = this.fault.draw();
      const first = callback?.[1] !== undefined && !this.calledBack.has(callback[1]);
      if (callback?.[1] !== undefined) this.calledBack.add(callback[1]);
      if (first && this.firstCallbacksLimited !== undefined) fault = "429";
      response =
        fault === "429" || fault === "500"
          ? this.injected(fault, fault === "429" && first ? this.firstCallbacksLimited : undefined)
          : this.route(method, path, url, body, at, callback?.[1]);
    }
    const call: RestCall = { method, path, body, at, status: response.status, ...(fault !== "none" ? { fault } : {}) };
    this.calls.push(call);
    this.emit("call", call);
    const delay = this.latency
      .filter((entry) => (typeof entry.route === "string" ? path.includes(entry.route) : entry.route.test(path)))
      .reduce((sum, entry) => sum + entry.ms, 0);
    const hang = fault === "hang" ? (this.fault?.options.hangMs ?? 10_000) : 0;
    if (delay + hang > 0) await this.sleep(delay + hang);
    if (this.closing || res.destroyed) {
      req.socket.destroy();
      return;
    }
    res.writeHead(response.status, { ...(response.body !== undefined ? { "content-type": "application/json" } : {}), ...response.headers });
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  private injected(fault: "429" | "500", retryAfter?: number): Reply {
    if (fault === "500") return { status: 500, body: { message: "500: Internal Server Error", code: 0 } };
    const seconds = retryAfter ?? this.fault?.options.retryAfter ?? 1;
    // As Discord sends a per-route (not global) limit on the user's bucket.
    return {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: seconds, global: false },
      headers: {
        "retry-after": String(seconds),
        "x-ratelimit-limit": "1",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": ((Date.now() + seconds * 1000) / 1000).toFixed(3),
        "x-ratelimit-reset-after": seconds.toFixed(3),
        "x-ratelimit-bucket": "fake-interaction-callback",
        "x-ratelimit-scope": "user",
      },
    };
  }

  private route(method: string, path: string, url: URL, body: unknown, at: number, callbackId?: string): Reply {
    if (path === "/gateway/bot") {
      return {
        status: 200,
        body: { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
      };
    }
    if (path === "/gateway") return { status: 200, body: { url: `ws://127.0.0.1:${this.port}` } };
    if (path === "/users/@me") return { status: 200, body: BOT_USER };
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === "PUT") {
      return {
        status: 200,
        body: (body as Array<Record<string, unknown>>).map((command, i) => ({ id: String(900 + i), application_id: APPLICATION_ID, version: "1", ...command })),
      };
    }
    if (callbackId !== undefined) return this.callback(callbackId, body, at, url.searchParams.get("with_response") === "true");
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (webhook && this.webhookFailures.remaining > 0) {
      this.webhookFailures.remaining--;
      return { status: this.webhookFailures.status, body: { message: `${this.webhookFailures.status}: Service Unavailable`, code: 0 } };
    }
    if (webhook) return this.webhook(method, webhook[2] ?? "", webhook[3], body);
    const channel = this.channelRoute(method, path, body);
    if (channel) return channel;
    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  }

  private callback(interactionId: string, body: unknown, at: number, withResponse: boolean): Reply {
    const dispatched = this.dispatchedAt.get(interactionId);
    if (dispatched !== undefined && at - dispatched > this.callbackWindowMs) return { status: 404, body: UNKNOWN_INTERACTION };
    if (this.acknowledged.has(interactionId)) return { status: 400, body: ALREADY_ACKNOWLEDGED };
    const type = Number((body as { type?: unknown } | undefined)?.type ?? 0);
    const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
    this.acknowledge(interactionId, type, "rest", at, body);
    const message = this.storeCallbackMessage(interactionId, type, data);
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: interactionId,
          type: 2,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: false,
        },
        resource: { type, ...(message ? { message: message.message } : {}) },
      },
    };
  }

  private acknowledge(interactionId: string, type: number, via: Acknowledgement["via"], at: number, body: unknown): void {
    this.acknowledged.add(interactionId);
    const ack: Acknowledgement = { interactionId, at, latencyMs: at - (this.dispatchedAt.get(interactionId) ?? at), type, via, body };
    this.acknowledgements.push(ack);
    this.emit("ack", ack);
  }

  /** The "@original" message a callback creates (types 4 and 5), kept for follow-up webhooks. */
  private storeCallbackMessage(interactionId: string, type: number, data: Record<string, unknown> | undefined): StoredMessage | undefined {
    if (type !== 4 && type !== 5) return undefined;
    const token = this.tokens.get(interactionId);
    const stored = { id: snowflake(), message: {} as Record<string, unknown> };
    stored.message = {
      ...botMessage({
        id: stored.id,
        content: String(data?.content ?? ""),
        embeds: (data?.embeds as unknown[]) ?? [],
        components: (data?.components as unknown[]) ?? [],
      }),
      interaction_metadata: { id: interactionId, type: 2 },
    };
    if (token !== undefined) this.messages.set(token, [stored]);
    return stored;
  }

  private webhook(method: string, token: string, messageId: string | undefined, body: unknown): Reply {
    const list = this.messages.get(token) ?? [];
    const data = (body ?? {}) as Record<string, unknown>;
    if (messageId === undefined) {
      if (method !== "POST") return { status: 405, body: { message: "405: Method Not Allowed", code: 0 } };
      const stored = { id: snowflake(), message: {} as Record<string, unknown> };
      stored.message = botMessage({
        id: stored.id,
        content: String(data.content ?? ""),
        embeds: (data.embeds as unknown[]) ?? [],
        components: (data.components as unknown[]) ?? [],
      });
      list.push(stored);
      this.messages.set(token, list);
      return { status: 200, body: stored.message };
    }
    const stored = messageId === "@original" ? list[0] : list.find((entry) => entry.id === messageId);
    if (!stored) return { status: 404, body: { message: "Unknown Message", code: 10008 } };
    if (method === "GET") return { status: 200, body: stored.message };
    if (method === "DELETE") {
      list.splice(list.indexOf(stored), 1);
      return { status: 204 };
    }
    if (method === "PATCH") {
      stored.message = { ...stored.message, ...pick(data, ["content", "embeds", "components", "flags"]), edited_timestamp: new Date().toISOString() };
      return { status: 200, body: stored.message };
    }
    return { status: 405, body: { message: "405: Method Not Allowed", code: 0 } };
  }
}

interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  // Events, not `for await`: the async iterator costs the fake noticeable time per request under load.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    req.on("data", (chunk: Buffer) => received.push(chunk));
    req.on("end", () => resolve(received));
    req.on("error", reject);
  });
  const raw = Buffer.concat(chunks);
  const text = raw.toString("utf8");
  if (text === "") return undefined;
  // discord.js sends a reply with files as multipart; its JSON part is `payload_json`.
  const multipart = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
  try {
    return JSON.parse(multipart?.[1] ?? text);
  } catch {
    return text;
  }
}
