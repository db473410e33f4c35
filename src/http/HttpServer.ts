import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyPluginOptions, type FastifyReply, type FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { scrub } from "../scrub.js";
import { HttpError } from "./HttpError.js";
import { readBody } from "./readBody.js";
import { runChecks, type ReadinessCheck, type ReadinessReport } from "./readiness.js";

/** A request as a route handler sees it: the body already read, within the size limit. */
export interface HttpRequest {
  /** Upper case; HEAD arrives as GET (Node drops the body of the answer). */
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, byte for byte (signatures are computed over it). */
  readonly body: Buffer;
  /** A header's value (the first, if repeated), or undefined. */
  header(name: string): string | undefined;
  /**
   * The body parsed as JSON.
   * @throws HttpError `invalid-json` (400)
   */
  json(): unknown;
}

/** What a route handler answers; JSON when `json` is given, else `text`, else an empty body. */
export interface HttpResponse {
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly text?: string;
}

export type RouteHandler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/**
 * Checks a request's headers before its body is read; throws an HttpError
 * (401) to refuse it. A route with one reads bodies only for callers that
 * proved who they are; a route without one counts as unauthenticated, and
 * the bodies it reads at once are capped (`maxUnauthenticatedBodies`).
 */
export type HeaderCheck = (header: (name: string) => string | undefined) => void;

export interface RouteOptions {
  readonly authorize?: HeaderCheck;
}

/** Where /metrics comes from: a prom-client Registry (`Metrics.registry`). */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface HttpServerOptions {
  /**
   * TCP port; 0 picks a free one (tests).
   * @default 8080, as PORT
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   * @default "0.0.0.0" — a load balancer or a container runtime must reach it; tests pass 127.0.0.1
   */
  readonly host?: string;
  /**
   * Largest request body taken; a bigger one is answered 413 without reading the rest.
   * @default 1 MiB: Telegram updates and Discord interactions are a few KB
   */
  readonly maxBodyBytes?: number;
  /**
   * How long `close()` waits for requests in flight before cutting connections.
   * @default 10000 ms, the same bound as the bot's clean stop
   */
  readonly closeTimeoutMs?: number;
  /**
   * How long each readiness check may take before it counts as not ready.
   * @default 2000 ms, well inside the usual 5 s probe timeout
   */
  readonly readinessTimeoutMs?: number;
  /**
   * Idle keep-alive time of a connection.
   * @default 65000 ms: longer than the 60 s idle timeout of common load balancers, so the bot never closes a connection the balancer is about to reuse (a source of 502s)
   */
  readonly keepAliveTimeoutMs?: number;
  /**
   * How long /readyz reuses its last answer (ready or not), and only one
   * round of checks runs at a time: probes from many balancers cost one call
   * to each dependency every few seconds, however often they come.
   * @default 2000 ms: shorter than a probe's usual period, so a change shows at the next probe or the one after
   */
  readonly readinessCacheMs?: number;
  /**
   * Bodies read at once for routes without a header check (Discord's
   * interactions: the signature covers the body, so it must be read first).
   * One more is answered 503 at once, without reading it.
   * @default 32: 32 MiB at most with the 1 MiB body limit; Discord sends interactions one by one, far below this
   */
  readonly maxUnauthenticatedBodies?: number;
  /**
   * Longest a request body may take to arrive; a slower one is answered 408 and its connection closed.
   * @default 10000 ms: an update or interaction of a few KB arrives in milliseconds; Discord waits 3 s for an answer anyway
   */
  readonly bodyTimeoutMs?: number;
  /**
   * Longest the request line and headers may take to arrive.
   * @default 10000 ms: as the body; Node's own default (60 s) lets a slow client hold a connection for a minute
   */
  readonly headersTimeoutMs?: number;
  /**
   * Open connections at most; more are refused by Node as they come.
   * @default 1000: webhooks and probes need a few dozen; this bounds what idle or stalled connections can hold
   */
  readonly maxConnections?: number;
}

export const HTTP_SERVER_DEFAULTS = {
  port: 8080,
  host: "0.0.0.0",
  maxBodyBytes: 1024 * 1024,
  closeTimeoutMs: 10_000,
  readinessTimeoutMs: 2_000,
  keepAliveTimeoutMs: 65_000,
  readinessCacheMs: 2_000,
  maxUnauthenticatedBodies: 32,
  bodyTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  maxConnections: 1000,
} satisfies Required<HttpServerOptions>;

/** What the server reports to, besides answering. */
export interface HttpServerDependencies {
  /** Errors in handlers, and the listening address. */
  readonly logger?: Logger;
  /** Served at /metrics when given; /metrics is 404 otherwise. */
  readonly metrics?: MetricsSource;
  /** Told about every request (route and status), e.g. `Metrics.httpRequest`. */
  readonly onRequest?: (route: string, status: number) => void;
}

/**
 * The bot's one HTTP server, on Fastify: `/healthz` (alive), `/readyz`
 * (every readiness check passes), `/metrics` (Prometheus), Fastify plugins
 * registered before it listens (the moderators' pages), and the routes other
 * modules add while it runs (Telegram's webhook, Discord's interactions, known
 * only once their adapter starts). Those are served by one dispatcher route,
 * which reads their bodies itself, bounded: a header check before the body,
 * a cap on bodies read for unauthenticated callers, a time limit. Bad input
 * gets a 4xx and never reaches a handler's logic unparsed, and nothing a
 * client sends can crash the process.
 *
 * @example
 * const http = new HttpServer({ port: 8080 }, { logger, metrics: metrics.registry });
 * http.register(admin.plugin);              // Fastify plugins: before listen()
 * await http.listen();
 * http.route("POST", "/telegram/…", handler, { authorize }); // any time
 */
export class HttpServer {
  private readonly settings: Required<HttpServerOptions>;
  private readonly app: FastifyInstance;
  private readonly routes = new Map<string, Map<string, RouteHandler>>();
  private readonly authorizers = new Map<string, HeaderCheck>();
  private readonly checks = new Map<string, ReadinessCheck>();
  private readiness: { at: number; report: Promise<ReadinessReport> } | undefined;
  private unauthenticatedBodies = 0;
  private inFlight = 0;
  private readonly open = new WeakSet<FastifyRequest>();
  private idle: (() => void) | undefined;
  private stopping = false;
  private closed: Promise<void> | undefined;

  constructor(
    options: HttpServerOptions = {},
    private readonly dependencies: HttpServerDependencies = {},
  ) {
    this.settings = { ...HTTP_SERVER_DEFAULTS, ...options };
    const { keepAliveTimeoutMs, headersTimeoutMs, bodyTimeoutMs, maxBodyBytes, maxConnections } = this.settings;
    this.app = Fastify({
      logger: false,
      bodyLimit: maxBodyBytes,
      // While stopping, requests on open connections are still answered (with Connection: close); /readyz says 503.
      return503OnClosing: false,
      // close() bounds the wait for requests in flight itself (closeTimeoutMs).
      forceCloseConnections: false,
      serverFactory: (handler) => {
        const server = createServer(
          {
            keepAliveTimeout: keepAliveTimeoutMs,
            headersTimeout: headersTimeoutMs,
            // A backstop behind bodyTimeoutMs, for requests the server does not read (refused ones linger).
            requestTimeout: headersTimeoutMs + bodyTimeoutMs,
            // Node looks for timed-out requests this often (30 s by default, which would stretch the bounds above).
            connectionsCheckingInterval: 1_000,
          },
          handler,
        );
        server.maxConnections = maxConnections;
        return server;
      },
      // A request target no URL parses (`GET http://[`), or one Fastify cannot route: the client's mistake, worded as ours.
      frameworkErrors: (error, request, reply) => {
        const badUrl = error.code === "FST_ERR_BAD_URL" || error.code === "FST_ERR_INVALID_URL";
        this.fail(request, reply, badUrl ? new HttpError(400, "bad-request", "malformed request target") : error);
      },
      // Malformed HTTP: Node's default answer is a 400 and a closed socket; keep it, quietly.
      clientErrorHandler: (_error, socket) => {
        if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        socket.destroy();
      },
    });
    this.app.addHook("onRequest", async (request) => {
      this.inFlight += 1;
      this.open.add(request);
    });
    this.app.addHook("onSend", async (_request, reply) => {
      if (this.stopping) void reply.header("connection", "close");
    });
    this.app.addHook("onResponse", async (request, reply) => {
      this.dependencies.onRequest?.(routeOf(request), reply.statusCode);
      this.settled(request);
    });
    // A client that hangs up before its answer never reaches onResponse.
    this.app.addHook("onRequestAbort", async (request) => this.settled(request));
    this.app.setErrorHandler((error, request, reply) => this.fail(request, reply, error));
    this.app.setNotFoundHandler((request, reply) => this.fail(request, reply, new HttpError(404, "not-found", "no such path")));
    this.app.get("/healthz", async () => ({ status: "alive" }));
    this.app.get("/readyz", async (_request, reply) => {
      const report = await this.readinessReport();
      const stopping = this.stopping ? [{ name: "process", ready: false, detail: "stopping" }] : [];
      const ready = report.ready && !this.stopping;
      return reply.code(ready ? 200 : 503).send({ ready, checks: [...stopping, ...report.checks] });
    });
    const metrics = dependencies.metrics;
    if (metrics) this.app.get("/metrics", async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
    // Routes added while the server runs (Fastify takes none after it listens): one dispatcher, reading bodies itself.
    void this.app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // The body is left unread here: the dispatcher reads it after the route's header check.
      scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
      scope.all("/*", (request, reply) => this.dispatch(request, reply));
    });
  }

  /**
   * Serves `handler` for `method` requests to exactly `path` (no patterns;
   * the query string is ignored for matching), from now on, also once the
   * server listens.
   *
   * @throws Error when that method and path are taken
   */
  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    const byMethod = this.routes.get(path) ?? new Map<string, RouteHandler>();
    const upper = method.toUpperCase();
    if (byMethod.has(upper)) throw new Error(`route ${upper} ${path} is already registered`);
    byMethod.set(upper, handler);
    this.routes.set(path, byMethod);
    if (options.authorize) this.authorizers.set(`${upper} ${path}`, options.authorize);
  }

  /**
   * Adds a Fastify plugin (its routes, hooks, cookies, form parsing) to the
   * server; only before `listen()`, as Fastify requires. Plugins are
   * encapsulated: their parsers and hooks apply to their own routes.
   */
  register<Options extends FastifyPluginOptions>(plugin: FastifyPluginAsync<Options>, options?: Options): void {
    void this.app.register(plugin, options ?? ({} as Options));
  }

  /**
   * Adds a check that /readyz runs on every request; /readyz is 200 only
   * when all of them pass (and at least one is registered).
   *
   * @throws Error when the name is taken
   */
  addReadinessCheck(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
    this.checks.set(name, check);
  }

  /** The last round of checks while it is fresh or still running, else a new round; details scrubbed of secrets. */
  private readinessReport(): Promise<ReadinessReport> {
    const now = Date.now();
    if (this.readiness && now - this.readiness.at < this.settings.readinessCacheMs) return this.readiness.report;
    const report = runChecks(this.checks, this.settings.readinessTimeoutMs).then((result) => ({
      ready: result.ready,
      checks: result.checks.map((check) => (check.detail === undefined ? check : { ...check, detail: scrub(check.detail) })),
    }));
    // Counted from the answer, so a slow round is not followed at once by another.
    this.readiness = { at: Infinity, report };
    void report.then(() => {
      if (this.readiness?.report === report) this.readiness = { at: Date.now(), report };
    });
    return report;
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async listen(): Promise<AddressInfo> {
    await this.app.listen({ port: this.settings.port, host: this.settings.host });
    const address = this.address();
    this.dependencies.logger?.info({ port: address.port, host: address.address }, `http: listening on ${address.address}:${address.port}`);
    return address;
  }

  /** The bound address. @throws Error before `listen()` */
  address(): AddressInfo {
    const address = this.app.server.address();
    if (address === null || typeof address === "string") throw new Error("the HTTP server is not listening");
    return address;
  }

  /**
   * Reports "not ready" from now on, so a load balancer stops sending work,
   * while the server keeps answering; `close()` calls it too.
   */
  markStopping(): void {
    this.stopping = true;
  }

  /**
   * Stops accepting connections, lets requests in flight finish (up to
   * `closeTimeoutMs`, then cuts them) and resolves when the server is
   * closed. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.markStopping();
    const server = this.app.server;
    if (!server.listening) {
      await this.app.close();
      return;
    }
    const closed = this.app.close();
    server.closeIdleConnections();
    const drained = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.idle = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.settings.closeTimeoutMs)));
    await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    // Keep-alive connections left idle by the finished requests, or, past the bound, everything.
    server.closeAllConnections();
    await closed;
  }

  /** Counts a request out once, however it ended (answered, or abandoned by its client). */
  private settled(request: FastifyRequest): void {
    if (!this.open.delete(request)) return;
    this.inFlight -= 1;
    if (this.inFlight === 0) this.idle?.();
  }

  /** Serves a route added with `route()`. */
  private async dispatch(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const url = new URL(request.url, "http://localhost");
    const method = request.method === "HEAD" ? "GET" : request.method;
    const byMethod = this.routes.get(url.pathname);
    const handler = byMethod?.get(method);
    if (!byMethod) throw new HttpError(404, "not-found", "no such path");
    (request as RoutedRequest)[ROUTE] = url.pathname;
    if (!handler) {
      void reply.header("allow", [...byMethod.keys()].join(", "));
      throw new HttpError(405, "method-not-allowed", `use ${[...byMethod.keys()].join(" or ")}`);
    }
    const body = await this.readBodyOf(request.raw, method, url.pathname);
    const result = await handler(toRequest(method, url, request.headers, body));
    for (const [name, value] of Object.entries(result.headers ?? {})) void reply.header(name, value);
    void reply.code(result.status ?? 200);
    if (result.json !== undefined) {
      if (!reply.hasHeader("content-type")) void reply.type("application/json; charset=utf-8");
      return reply.send(JSON.stringify(result.json));
    }
    if (result.text !== undefined) {
      if (!reply.hasHeader("content-type")) void reply.type("text/plain; charset=utf-8");
      return reply.send(result.text);
    }
    return reply.send();
  }

  /**
   * The body, once the route's header check (if any) passed; an
   * unauthenticated body only while fewer than the cap are being read.
   */
  private async readBodyOf(request: IncomingMessage, method: string, path: string): Promise<Buffer> {
    const authorize = this.authorizers.get(`${method} ${path}`);
    const limits = { limit: this.settings.maxBodyBytes, timeoutMs: this.settings.bodyTimeoutMs };
    if (authorize) {
      authorize((name) => headerValue(request.headers, name));
      return readBody(request, limits);
    }
    if (this.unauthenticatedBodies >= this.settings.maxUnauthenticatedBodies)
      throw new HttpError(503, "busy", "too many requests in progress; try again shortly");
    this.unauthenticatedBodies += 1;
    try {
      return await readBody(request, limits);
    } finally {
      this.unauthenticatedBodies -= 1;
    }
  }

  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply | undefined {
    const raw = reply.raw;
    // The client hung up mid-request: nobody to answer.
    if (raw.socket === null || raw.socket.destroyed) return undefined;
    const route = routeOf(request);
    if (raw.headersSent) {
      // Nothing sensible can follow a half-sent answer.
      this.dependencies.logger?.error({ err: error, route }, "http: handler failed after answering");
      raw.destroy();
      return undefined;
    }
    const known = error instanceof HttpError ? error : fromFastify(error);
    if (!known) this.dependencies.logger?.error({ err: error, route }, "http: handler failed");
    if (!request.raw.complete) {
      // Refused before the whole body was read (too large, unauthorized, busy, too slow): the client
      // may still be sending. Destroying the socket at once would send a reset that can wipe the
      // answer from the client's buffers before it reads it; instead close our side after the
      // answer and discard (never keep) what still arrives, for a bounded time. Node ends a
      // "Connection: close" answer with the socket's destroySoon(), which closes it the moment the
      // answer is flushed, so that is where the lingering close takes over.
      void reply.header("connection", "close");
      const incoming = request.raw;
      incoming.socket.destroySoon = () => lingerThenClose(incoming);
    }
    return reply
      .code(known?.status ?? 500)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ error: known?.identifier ?? "internal-error", message: known?.message ?? "internal error" }));
  }
}

/** Where the dispatcher notes which added route served a request, for the metrics' route label. */
const ROUTE = Symbol("route");
type RoutedRequest = FastifyRequest & { [ROUTE]?: string };

/** The route a request is counted under: its added route's path, its Fastify route's pattern, or "unmatched". */
function routeOf(request: FastifyRequest): string {
  const routed = (request as RoutedRequest)[ROUTE];
  if (routed !== undefined) return routed;
  const pattern = request.routeOptions?.url;
  return pattern === undefined || pattern === "/*" ? "unmatched" : pattern;
}

/** Fastify's own refusals (a body over the limit or of a type no route parses, a malformed URL) as the bot words them. */
function fromFastify(error: unknown): HttpError | undefined {
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return new HttpError(413, "body-too-large", "request body too large");
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new HttpError(statusCode, statusCode === 404 ? "not-found" : "bad-request", error instanceof Error ? error.message : "bad request");
  }
  return undefined;
}

/** How long a refused upload may keep sending (discarded) before its connection is cut. */
const LINGER_MS = 2_000;

function lingerThenClose(request: IncomingMessage): void {
  const socket = request.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.end();
  request.resume();
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function toRequest(method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer): HttpRequest {
  return {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
    header(name) {
      return headerValue(headers, name);
    },
    json() {
      try {
        return JSON.parse(body.toString("utf8")) as unknown;
      } catch {
        throw new HttpError(400, "invalid-json", "the request body is not valid JSON");
      }
    },
  };
}
