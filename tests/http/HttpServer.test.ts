import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpServer, type HttpServerOptions } from "../../src/http/HttpServer.js";
import { HttpError } from "../../src/http/HttpError.js";
import { rawRequest, stalledHead } from "../fakes/rawHttp.js";

const servers: HttpServer[] = [];

async function start(options: HttpServerOptions = {}): Promise<{ server: HttpServer; base: string; port: number }> {
  const server = new HttpServer({ port: 0, host: "127.0.0.1", readinessCacheMs: 0, ...options });
  servers.push(server);
  const { port } = await server.listen();
  return { server, base: `http://127.0.0.1:${port}`, port };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Sends a request, writing `chunks` until an answer arrives, and resolves with its status (a reset before that fails the test). */
function postPartly(port: number, headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest({ host: "127.0.0.1", port, path: "/echo", method: "POST", headers }, (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", (error) => reject(error));
    const iterator = chunks[Symbol.iterator]();
    const writeNext = () => {
      if (answered) return;
      const next = iterator.next();
      if (next.done) return;
      if (request.write(next.value)) setImmediate(writeNext);
      else request.once("drain", writeNext);
    };
    writeNext();
  });
}

function* endless(chunk: Buffer): Generator<Buffer> {
  for (;;) yield chunk;
}

describe("HttpServer", () => {
  it("answers /healthz while alive", async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "alive" });
    expect((await fetch(`${base}/healthz`, { method: "HEAD" })).status).toBe(200);
  });

  it("is not ready until every readiness check passes, and lists each", async () => {
    const { server, base } = await start({ readinessTimeoutMs: 100 });
    const empty = await fetch(`${base}/readyz`);
    expect(empty.status).toBe(503);
    expect(await empty.json()).toEqual({ ready: false, checks: [] });

    let storeUp = false;
    server.addReadinessCheck("index", () => true);
    server.addReadinessCheck("store", async () => ({ ready: storeUp, detail: storeUp ? "reachable" : "unreachable" }));
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      checks: [
        { name: "index", ready: true },
        { name: "store", ready: false, detail: "unreachable" },
      ],
    });

    storeUp = true;
    const up = await fetch(`${base}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ ready: true });

    server.addReadinessCheck("telegram", () => {
      throw new Error("webhook not set");
    });
    server.addReadinessCheck("discord", () => new Promise<boolean>(() => undefined));
    const broken = await fetch(`${base}/readyz`);
    expect(broken.status).toBe(503);
    const body = (await broken.json()) as { checks: Array<{ name: string; ready: boolean; detail?: string }> };
    expect(body.checks.find((check) => check.name === "telegram")).toEqual({ name: "telegram", ready: false, detail: "webhook not set" });
    expect(body.checks.find((check) => check.name === "discord")).toMatchObject({ ready: false, detail: expect.stringContaining("100 ms") });
    expect(() => server.addReadinessCheck("index", () => true)).toThrow(/already/);
  });

  it("serves registered routes with the raw body and parsed JSON", async () => {
    const { server, base } = await start();
    server.route("POST", "/echo", (request) => ({
      status: 201,
      json: { raw: request.body.toString("utf8"), parsed: request.json(), header: request.header("X-Test") },
    }));
    const response = await fetch(`${base}/echo?x=1`, { method: "POST", body: '{"a": 1}', headers: { "x-test": "yes" } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ raw: '{"a": 1}', parsed: { a: 1 }, header: "yes" });
    expect(() => server.route("post", "/echo", () => ({}))).toThrow(/already/);
  });

  it("answers 400 to malformed JSON, 404 to an unknown path, 405 to a wrong method, 500 when a handler fails", async () => {
    const { server, base } = await start();
    let handled = 0;
    server.route("POST", "/echo", (request) => {
      const body = request.json();
      handled += 1;
      return { json: body };
    });
    server.route("POST", "/boom", () => {
      throw new Error("kaput");
    });
    server.route("POST", "/teapot", () => {
      throw new HttpError(401, "unauthorized", "no");
    });
    const bad = await fetch(`${base}/echo`, { method: "POST", body: '{"a": ' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid-json" });
    expect(handled).toBe(0);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const wrongMethod = await fetch(`${base}/echo`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect((await fetch(`${base}/boom`, { method: "POST" })).status).toBe(500);
    expect((await fetch(`${base}/teapot`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("refuses a body over 1 MB with 413 without reading it, declared or chunked, and keeps serving", async () => {
    const { server, base, port } = await start();
    let handled = 0;
    server.route("POST", "/echo", (request) => {
      handled += 1;
      return { json: { size: request.body.length } };
    });
    const chunk = Buffer.alloc(64 * 1024, 0x7b);
    // Declared too large: refused before the body, though the client would send 2 MB.
    expect(await postPartly(port, { "content-length": String(2 * 1024 * 1024) }, [chunk])).toBe(413);
    // Chunked and endless: refused once past the limit.
    expect(await postPartly(port, { "transfer-encoding": "chunked" }, endless(chunk))).toBe(413);
    expect(handled).toBe(0);
    // Exactly 1 MB is still fine.
    const limit = await fetch(`${base}/echo`, { method: "POST", body: Buffer.alloc(1024 * 1024, 0x20) });
    expect(await limit.json()).toEqual({ size: 1024 * 1024 });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("keeps reading a refused upload after its 413, so the client sending the rest gets no reset", async () => {
    const { server, port } = await start();
    server.route("POST", "/echo", (request) => ({ json: { size: request.body.length } }));
    const chunk = Buffer.alloc(64 * 1024, 0x7b);
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    const errors: Error[] = [];
    socket.on("error", (error) => errors.push(error));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const head = new Promise<string>((resolve) => {
      let data = "";
      socket.on("data", (received: Buffer) => {
        data += received.toString();
        if (data.includes("\r\n\r\n")) resolve(data);
      });
    });
    socket.write(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`);
    expect(await head).toMatch(/^HTTP\/1\.1 413/);
    // The answer is in; a client that does not look at answers before its upload ends sends the rest.
    // Were our side closed already, the first of these would draw a reset and a later one fail.
    const write = (data: Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve()));
    for (let sent = 0; sent < 2 * 1024 * 1024 && errors.length === 0; sent += chunk.length) await write(chunk);
    socket.end();
    await closed;
    expect(errors).toEqual([]);
  });

  it("answers malformed HTTP with 400 and keeps serving", async () => {
    const { base, port } = await start();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("reports not ready once stopping, while still answering", async () => {
    const { server, base } = await start();
    server.addReadinessCheck("index", () => true);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    server.markStopping();
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      ready: false,
      checks: [
        { name: "process", ready: false, detail: "stopping" },
        { name: "index", ready: true },
      ],
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("closes cleanly: stops accepting and finishes the request in flight", async () => {
    const { server, base } = await start();
    server.addReadinessCheck("index", () => true);
    let release!: () => void;
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    server.route("GET", "/slow", async () => {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
      return { json: { done: true } };
    });
    const slow = fetch(`${base}/slow`);
    await inHandler;
    const closing = server.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    expect(closed).toBe(true);
  });

  it("cuts requests still in flight after the close timeout", async () => {
    const { server, base } = await start({ closeTimeoutMs: 50 });
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    server.route("GET", "/stuck", () => {
      entered();
      return new Promise(() => undefined);
    });
    const stuck = fetch(`${base}/stuck`);
    await inHandler;
    await server.close();
    await expect(stuck).rejects.toThrow();
  });

  it("answers a malformed request target with 400, not a 500", async () => {
    const { base, port } = await start();
    const reply = await rawRequest(port, "GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain("malformed request target");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("runs one round of readiness checks at a time and keeps its answer, ready or not, for readinessCacheMs", async () => {
    const { server, base } = await start({ readinessCacheMs: 60_000 });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.addReadinessCheck("upstream", async () => {
      calls += 1;
      await gate;
      return { ready: false, detail: "webhook not set" };
    });
    const probes = Array.from({ length: 10 }, () => fetch(`${base}/readyz`));
    await vi.waitFor(() => expect(calls).toBe(1));
    release();
    for (const probe of await Promise.all(probes)) expect(probe.status).toBe(503);
    // Answered, and kept: later probes cost nothing either.
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect(calls).toBe(1);
    // Stopping shows at once, whatever is kept.
    server.markStopping();
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ checks: [{ name: "process", detail: "stopping" }, { name: "upstream" }] });
  });

  it("scrubs secrets from readiness details", async () => {
    const { server, base } = await start();
    server.addReadinessCheck("telegram", () => ({
      ready: false,
      detail: "getWebhookInfo failed: request to http://127.0.0.1:9/bot123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getWebhookInfo failed",
    }));
    const text = await (await fetch(`${base}/readyz`)).text();
    expect(text).toContain("getWebhookInfo failed");
    expect(text).not.toContain("AAAAAAAAAA");
  });

  it("caps the bodies read at once for routes without a header check: one more is 503 at once, and memory stays bounded", async () => {
    const { server, port, base } = await start({ maxUnauthenticatedBodies: 3 });
    let handled = 0;
    server.route("POST", "/echo", () => ({ json: { handled: ++handled } }));
    // Three stalled posts of a declared 1 MiB hold the three places.
    const stalled = await Promise.all([0, 1, 2].map(() => openStalledPost(port, "/echo")));
    // Held: only once the server has taken them (their first byte arrived) does a fourth find no place.
    await vi.waitFor(async () => expect(await rawRequest(port, stalledHead("/echo"))).toMatch(/^HTTP\/1\.1 503/));
    for (const socket of stalled) socket.destroy();
    // Places free again as the stalled clients go.
    await vi.waitFor(async () => expect((await fetch(`${base}/echo`, { method: "POST", body: "{}" })).status).toBe(200));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("answers 408 to a body that does not arrive within bodyTimeoutMs and closes the connection", async () => {
    const { server, port } = await start({ bodyTimeoutMs: 300 });
    server.route("POST", "/echo", () => ({ json: {} }));
    const started = Date.now();
    const reply = await rawRequest(port, stalledHead("/echo"));
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply.toLowerCase()).toContain("connection: close");
    // Bounded by the option, well before Node's own 60 s.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("checks a route's headers before reading its body", async () => {
    const { server, port } = await start();
    let handled = 0;
    server.route("POST", "/hook", () => ({ json: { handled: ++handled } }), {
      authorize: (header) => {
        if (header("x-secret") !== "yes") throw new HttpError(401, "unauthorized", "no");
      },
    });
    expect(await rawRequest(port, stalledHead("/hook"))).toMatch(/^HTTP\/1\.1 401/);
    expect(handled).toBe(0);
  });
});

/** Opens a connection, sends {@link stalledHead} and leaves it open. */
function openStalledPost(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(stalledHead(path), () => resolve(socket)));
    socket.on("error", reject);
  });
}
