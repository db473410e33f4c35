import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One REST call the bot made. */
export interface RestCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export const APPLICATION_ID = "111111111111111111";
export const BOT_USER = { id: APPLICATION_ID, username: "cited", discriminator: "0", global_name: "Cited", avatar: null, bot: true };

/**
 * Discord REST + gateway on 127.0.0.1 for tests: the real discord.js client
 * logs in to it (GET /gateway/bot → HELLO → IDENTIFY → READY), receives the
 * interactions the test dispatches, and its REST calls are recorded.
 */
export class FakeDiscordServer {
  readonly calls: RestCall[] = [];
  private readonly http: Server;
  private readonly gateway: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private sequence = 1;
  private port = 0;
  /** The token the fake accepts; anything else gets 401. */
  constructor(private readonly token: string) {
    this.http = createServer((req, res) => {
      void this.handle(req).then(([status, body]) => {
        if (status === 204) {
          res.writeHead(204).end();
          return;
        }
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
    this.gateway = new WebSocketServer({ server: this.http });
    this.gateway.on("connection", (socket) => this.accept(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Sends INTERACTION_CREATE to every connected client. */
  dispatch(interaction: Record<string, unknown>): void {
    const packet = JSON.stringify({ op: 0, t: "INTERACTION_CREATE", s: ++this.sequence, d: interaction });
    for (const socket of this.sockets) socket.send(packet);
  }

  /** Calls to the interaction callback endpoint for one interaction id. */
  callbacksFor(interactionId: string): RestCall[] {
    return this.calls.filter((call) => call.path.includes(`/interactions/${interactionId}/`));
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 40_000 } }));
    socket.on("message", (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        const token = (packet.d as { token?: string }).token;
        if (token !== this.token) {
          socket.close(4004, "Authentication failed.");
          return;
        }
        socket.send(
          JSON.stringify({
            op: 0,
            t: "READY",
            s: this.sequence,
            d: {
              v: 10,
              user: BOT_USER,
              guilds: [],
              session_id: "fake-session",
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              application: { id: APPLICATION_ID, flags: 0 },
            },
          }),
        );
      }
    });
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/api\/v\d+/, "");
    const body = await readBody(req);
    this.calls.push({ method: req.method ?? "GET", path, body });
    if (req.headers.authorization !== undefined && req.headers.authorization !== `Bot ${this.token}`) {
      return [401, { message: "401: Unauthorized", code: 0 }];
    }
    if (path === "/gateway/bot") {
      return [200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }];
    }
    if (path === "/users/@me") return [200, BOT_USER];
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && req.method === "PUT") {
      return [200, (body as Array<Record<string, unknown>>).map((command, i) => ({ id: String(900 + i), application_id: APPLICATION_ID, version: "1", ...command }))];
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [204, null];
    if (path.startsWith("/webhooks/")) {
      return [200, { id: "5000", type: 0, channel_id: "300", content: "", embeds: [], author: BOT_USER, timestamp: new Date().toISOString(), attachments: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, flags: 0 }];
    }
    return [404, { message: "404: Not Found", code: 0 }];
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
