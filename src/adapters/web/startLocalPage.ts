import { HttpServer, type MetricsSource } from "../../http/HttpServer.js";
import type { Logger } from "../../logger.js";
import type { Store } from "../../store/index.js";
import { webAdmin, type WebAdmin } from "./webAdmin.js";

export interface LocalPageOptions {
  readonly store: Store;
  /** The port to listen on (PORT); 0 picks a free one. */
  readonly port: number;
  /** PUBLIC_URL when set; else `http://localhost:<port listened on>`. */
  readonly publicUrl?: string;
  readonly metrics?: { adminRefused(reason: string): void };
  /** Served at /metrics when given (`Metrics.registry`). */
  readonly registry?: MetricsSource;
  readonly logger: Logger;
}

export interface LocalPage {
  readonly admin: WebAdmin;
  /** Where the page listens: http://127.0.0.1:<port>. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * The moderators' page for the console chat, on 127.0.0.1 only: an
 * operator trying the bot on their machine opens the link `/admin` prints.
 * A port already taken leaves the chat running without the page (`/admin`
 * then says it is not available) rather than stopping it.
 */
export async function startLocalPage(options: LocalPageOptions): Promise<LocalPage | undefined> {
  // The bot's own HTTP server (so /healthz and /metrics answer here too), bound to this machine only.
  const server = new HttpServer(
    { host: "127.0.0.1", port: options.port },
    { logger: options.logger, ...(options.registry ? { metrics: options.registry } : {}) },
  );
  let port = options.port;
  const admin = webAdmin({
    store: options.store,
    publicUrl: () => options.publicUrl ?? `http://localhost:${port}`,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    logger: options.logger,
  });
  server.register(admin.plugin);
  try {
    port = (await server.listen()).port;
  } catch (error) {
    // Said by /admin when asked (the console's log shows warnings only, and a second chat on the same machine is no fault).
    options.logger.info({ err: error }, `the moderators' page cannot listen on 127.0.0.1:${options.port}`);
    await server.close().catch(() => undefined);
    return undefined;
  }
  return { admin, origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}
