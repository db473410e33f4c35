import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { APIInteraction, APIInteractionResponse } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { DISCORD_INTERACTIONS_PATH, mountDiscordInteractions } from "../../../../src/adapters/discord/http/interactionsRoute.js";
import { verifyDiscordSignature } from "../../../../src/adapters/discord/http/verifyDiscordSignature.js";
import { HttpServer } from "../../../../src/http/HttpServer.js";
import { captureLog } from "../../../fakes/captureLog.js";

function keyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  // The last 32 bytes of the SPKI DER are the raw key, which is what Discord shows.
  const der = publicKey.export({ format: "der", type: "spki" });
  return { publicKeyHex: der.subarray(der.length - 32).toString("hex"), privateKey };
}

function signed(privateKey: KeyObject, body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), privateKey).toString("hex"),
    "x-signature-timestamp": timestamp,
  };
}

const application = keyPair();
const stranger = keyPair();

describe("verifyDiscordSignature", () => {
  const body = '{"type":1}';
  const headers = signed(application.privateKey, body, "1700000000");
  const signature = headers["x-signature-ed25519"] as string;

  it("accepts the application's signature over timestamp + body", () => {
    expect(verifyDiscordSignature(application.publicKeyHex, signature, "1700000000", Buffer.from(body))).toBe(true);
    expect(verifyDiscordSignature(application.publicKeyHex.toUpperCase(), signature.toUpperCase(), "1700000000", body)).toBe(true);
  });

  it.each([
    ["another body", application.publicKeyHex, signature, "1700000000", '{"type":2}'],
    ["another timestamp", application.publicKeyHex, signature, "1700000001", body],
    ["another key", stranger.publicKeyHex, signature, "1700000000", body],
    ["a truncated signature", application.publicKeyHex, signature.slice(2), "1700000000", body],
    ["a signature that is not hex", application.publicKeyHex, "z".repeat(128), "1700000000", body],
    ["an empty signature", application.publicKeyHex, "", "1700000000", body],
    ["an empty timestamp", application.publicKeyHex, signature, "", body],
    ["a malformed key", "abc", signature, "1700000000", body],
  ])("refuses %s", (_, key, sig, timestamp, raw) => {
    expect(verifyDiscordSignature(key, sig, timestamp, raw)).toBe(false);
  });
});

describe("POST /discord/interactions", () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(): Promise<{ url: string; port: number; handled: APIInteraction[] }> {
    server = new HttpServer({ port: 0, host: "127.0.0.1" });
    const handled: APIInteraction[] = [];
    mountDiscordInteractions(server, application.publicKeyHex, async (interaction) => {
      handled.push(interaction);
      return { type: 4, data: { content: `answered ${interaction.id}`, flags: 64 } } satisfies APIInteractionResponse;
    });
    const { port } = await server.listen();
    return { url: `http://127.0.0.1:${port}${DISCORD_INTERACTIONS_PATH}`, port, handled };
  }

  const command = JSON.stringify({
    id: "1234567890123456789",
    type: 2,
    application_id: "1",
    token: "tok",
    version: 1,
    data: { id: "9", name: "ask", type: 1 },
  });

  it("answers PING with PONG without calling the handler", async () => {
    const { url, handled } = await start();
    const body = JSON.stringify({ id: "1", type: 1, application_id: "1", token: "t", version: 1 });
    const response = await fetch(url, { method: "POST", body, headers: signed(application.privateKey, body) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ type: 1 });
    expect(handled).toEqual([]);
  });

  it("passes a verified interaction to the handler and sends back its response", async () => {
    const { url, handled } = await start();
    const response = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 4, data: { content: "answered 1234567890123456789", flags: 64 } });
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ id: "1234567890123456789", type: 2, data: { name: "ask" } });
  });

  it.each([
    ["no signature headers", () => ({ "content-type": "application/json" })],
    ["a stranger's signature", () => signed(stranger.privateKey, command)],
    ["a signature over another body", () => signed(application.privateKey, command.replace("ask", "sum"))],
    ["a signature for another timestamp", () => ({ ...signed(application.privateKey, command, "1700000000"), "x-signature-timestamp": "1700000001" })],
  ])("refuses %s with 401 and processes nothing", async (_, headers) => {
    const { url, handled } = await start();
    const response = await fetch(url, { method: "POST", body: command, headers: headers() });
    expect(response.status).toBe(401);
    expect(handled).toEqual([]);
  });

  it.each([
    ["6 minutes old (a captured request replayed)", -6 * 60],
    ["6 minutes ahead", 6 * 60],
    ["not a number of seconds", Number.NaN],
  ])("refuses a correctly signed interaction whose timestamp is %s with 401 and a warning, and processes nothing", async (_, offsetSeconds) => {
    server = new HttpServer({ port: 0, host: "127.0.0.1" });
    const log = captureLog();
    const handled: APIInteraction[] = [];
    const now = Date.now();
    mountDiscordInteractions(
      server,
      application.publicKeyHex,
      async (interaction) => {
        handled.push(interaction);
        return { type: 4, data: { content: "answered" } };
      },
      { logger: log.logger, now: () => now },
    );
    const { port } = await server.listen();
    const url = `http://127.0.0.1:${port}${DISCORD_INTERACTIONS_PATH}`;
    const timestamp = Number.isNaN(offsetSeconds) ? "soon" : String(Math.floor(now / 1000) + offsetSeconds);
    const response = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command, timestamp) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthorized", message: "request timestamp too far from now" });
    expect(handled).toEqual([]);
    await log.next((line) => /X-Signature-Timestamp is more than 5 minutes from now/.test(line.msg), "the replay warning");
    // Within the bound either way, the same request is answered.
    for (const within of [-4 * 60, 4 * 60]) {
      const fresh = await fetch(url, {
        method: "POST",
        body: command,
        headers: signed(application.privateKey, command, String(Math.floor(now / 1000) + within)),
      });
      expect(fresh.status).toBe(200);
    }
    expect(handled).toHaveLength(2);
  });

  it("answers 400 to signed malformed JSON or a body that is not an interaction, 401 to unsigned malformed JSON", async () => {
    const { url, handled } = await start();
    for (const body of ['{"type": 2', "[1,2]", '"hi"', '{"id":"1"}']) {
      const response = await fetch(url, { method: "POST", body, headers: signed(application.privateKey, body) });
      expect(response.status, body).toBe(400);
    }
    expect((await fetch(url, { method: "POST", body: '{"type": 2' })).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it("answers 413 to a body over 1 MB and keeps serving", async () => {
    const { url, port, handled } = await start();
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: "127.0.0.1", port, path: DISCORD_INTERACTIONS_PATH, method: "POST", headers: { "content-length": String(2 * 1024 * 1024) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.write(Buffer.alloc(1024, 0x20));
    });
    expect(status).toBe(413);
    const response = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) });
    expect(response.status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it("answers 500 when the handler fails, and keeps serving", async () => {
    server = new HttpServer({ port: 0, host: "127.0.0.1" });
    let calls = 0;
    mountDiscordInteractions(server, application.publicKeyHex, async () => {
      calls += 1;
      if (calls === 1) throw new Error("pipeline down");
      return { type: 4, data: { content: "ok" } };
    });
    const { port } = await server.listen();
    const url = `http://127.0.0.1:${port}${DISCORD_INTERACTIONS_PATH}`;
    expect((await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) })).status).toBe(500);
    const second = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) });
    expect(await second.json()).toEqual({ type: 4, data: { content: "ok" } });
  });

  it("answers 409 to a delivery the handler has no response for (another replica answered it), never a 2xx placeholder", async () => {
    server = new HttpServer({ port: 0, host: "127.0.0.1" });
    let calls = 0;
    mountDiscordInteractions(server, application.publicKeyHex, async () => (++calls === 1 ? { type: 4, data: { content: "the answer" } } : undefined));
    const { port } = await server.listen();
    const url = `http://127.0.0.1:${port}${DISCORD_INTERACTIONS_PATH}`;
    const first = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) });
    expect(await first.json()).toEqual({ type: 4, data: { content: "the answer" } });
    const again = await fetch(url, { method: "POST", body: command, headers: signed(application.privateKey, command) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: "not-answered" });
  });
});
