import { EventEmitter } from "node:events";
import pg from "pg";
import type { Logger } from "../logger.js";

/** Cross-replica messages ("taught changed", "corpus reloaded"). */
export interface Notifier {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** SQLite has no notifications and one process owns the file: an in-process emitter is the whole story. */
export function localNotifier(): Notifier {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      emitter.emit(channel, payload);
    },
    async subscribe(channel, listener) {
      emitter.on(channel, listener);
      return async () => void emitter.off(channel, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * PostgreSQL LISTEN/NOTIFY. Listening needs a connection of its own that
 * stays open (a pooled one would be handed to other queries), so one client
 * is opened on the first subscribe and reopened with capped backoff when it
 * drops; it then listens again on every channel. Notifications sent while it
 * was down are lost, as PostgreSQL does not queue them for absent listeners.
 */
export function postgresNotifier(pool: pg.Pool, clientConfig: pg.ClientConfig, logger: Logger): Notifier {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = 250;
  let closed = false;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client(clientConfig);
    next.on("notification", (message) => {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload ?? "");
    });
    next.on("error", (error) => {
      logger.warn({ err: error.message }, "store notification connection failed; reconnecting");
      dropped(next);
    });
    next.on("end", () => dropped(next));
    await next.connect();
    for (const channel of listeners.keys()) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
    return next;
  }

  function dropped(which: pg.Client): void {
    if (client !== which) return;
    client = undefined;
    which.removeAllListeners("end");
    void which.end().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer || listeners.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      ensureClient().then(
        () => {
          retryDelay = 250;
          logger.info("store notification connection restored");
        },
        () => {
          retryDelay = Math.min(retryDelay * 2, 10_000);
          scheduleReconnect();
        },
      );
    }, retryDelay);
    retryTimer.unref();
  }

  function ensureClient(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().then(
      (connected) => {
        connecting = undefined;
        if (closed) {
          void connected.end();
          throw new Error("store closed");
        }
        client = connected;
        return connected;
      },
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  }

  return {
    async publish(channel, payload) {
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async subscribe(channel, listener) {
      const isNew = !listeners.has(channel);
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      try {
        const connected = await ensureClient();
        // A client that connected just now may have listened already; LISTEN twice is harmless.
        if (isNew) await connected.query(`LISTEN ${connected.escapeIdentifier(channel)}`);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error), channel }, "store notifications unavailable; will keep trying");
        scheduleReconnect();
      }
      return async () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      listeners.clear();
      const current = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      if (current) {
        current.removeAllListeners("end");
        await current.end().catch(() => undefined);
      }
    },
  };
}
