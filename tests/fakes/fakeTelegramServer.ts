import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One Bot API call the bot made. */
export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** False when the fake refused the call (an injected failure such as a 429). */
  readonly ok: boolean;
}

export interface FakeTelegramOptions {
  readonly token: string;
  readonly username?: string;
}

type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

/**
 * A Telegram Bot API server on 127.0.0.1 for tests: serves `getUpdates` from
 * a queue the test fills, answers the methods the bot calls, records every
 * call, and can fail a method (a 429, a 5xx, a 400) for the next calls.
 */
export class FakeTelegramServer {
  readonly calls: RecordedCall[] = [];
  readonly botId = 424242;
  private readonly server: Server;
  private readonly token: string;
  private readonly username: string;
  private updates: Array<Record<string, unknown>> = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private readonly failures = new Map<string, { body: Record<string, unknown>; remaining: number }>();
  private readonly memberStatus = new Map<number, MemberStatus>();
  private waiters: Array<() => void> = [];

  constructor(options: FakeTelegramOptions) {
    this.token = options.token;
    this.username = options.username ?? "cited_test_bot";
    this.server = createServer((req, res) => {
      void this.handle(req).then(([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues an update; `update_id` is filled in. */
  push(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update });
    for (const wake of this.waiters.splice(0)) wake();
    return id;
  }

  /** Makes the next call of `method` fail with a 429 asking to retry after `seconds`. */
  rateLimitOnce(method: string, seconds = 1): void {
    this.fail(method, 429, `Too Many Requests: retry after ${seconds}`, 1, { retry_after: seconds });
  }

  /** Makes the next `times` calls of `method` fail with `code` (Infinity: every call). */
  fail(method: string, code: number, description: string, times = 1, parameters?: Record<string, unknown>): void {
    this.failures.set(method, { body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }, remaining: times });
  }

  setMemberStatus(userId: number, status: MemberStatus): void {
    this.memberStatus.set(userId, status);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    if (!match || match[1] !== this.token) return [401, { ok: false, error_code: 401, description: "Unauthorized" }];
    const method = match[2] ?? "";
    const payload = await readJson(req);
    const failure = this.failures.get(method);
    if (method !== "getUpdates") this.calls.push({ method, payload, ok: !failure });
    if (failure) {
      if (--failure.remaining <= 0) this.failures.delete(method);
      return [Number(failure.body.error_code), failure.body];
    }
    return [200, { ok: true, result: await this.result(method, payload) }];
  }

  private async result(method: string, payload: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case "getMe":
        return {
          id: this.botId,
          is_bot: true,
          first_name: "Cited",
          username: this.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: true,
        };
      case "getUpdates": {
        const offset = Number(payload.offset ?? 0);
        this.updates = this.updates.filter((update) => Number(update.update_id) >= offset);
        if (this.updates.length === 0 && Number(payload.timeout ?? 0) > 0) {
          // Long poll, but briefly: tests should not wait on idle polls.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 300);
            this.waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return this.updates.slice(0, Number(payload.limit ?? 100));
      }
      case "sendMessage":
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: Number(payload.chat_id) > 0 ? "private" : "supergroup" },
          text: String(payload.text ?? ""),
        };
      case "getChatMember": {
        const userId = Number(payload.user_id);
        return { status: this.memberStatus.get(userId) ?? "member", user: { id: userId, is_bot: false, first_name: "User" } };
      }
      default:
        return true;
    }
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}
