import { createPublicKey, verify } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client, Events, type Interaction } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { APPLICATION_ID, chatInputInteraction, componentInteraction, modalSubmitInteraction, pingInteraction } from "./discordInteractions.js";
import { FakeDiscordServer } from "./fakeDiscordServer.js";

const TOKEN = "fake.discord.test-token";
const open: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function start(options: ConstructorParameters<typeof FakeDiscordServer>[1] = {}) {
  const server = new FakeDiscordServer(TOKEN, options);
  const root = await server.listen();
  open.push(() => server.close());
  return { server, root };
}

/** A real discord.js client logged in to the fake, collecting the ids of interactions it receives. */
async function client(root: string) {
  const seen: string[] = [];
  const bot = new Client({ intents: [], rest: { api: root } });
  bot.on(Events.InteractionCreate, (interaction: Interaction) => void seen.push(interaction.id));
  open.push(() => bot.destroy());
  const ready = new Promise<void>((resolve) => bot.once(Events.ClientReady, () => resolve()));
  await bot.login(TOKEN);
  await ready;
  const received = (id: string) =>
    new Promise<void>((resolve) => {
      if (seen.includes(id)) resolve();
      else bot.on(Events.InteractionCreate, (interaction: Interaction) => interaction.id === id && resolve());
    });
  return { bot, seen, received };
}

async function callback(root: string, id: string, body: unknown = { type: 4, data: { content: "hi" } }) {
  return fetch(`${root}/v10/interactions/${id}/token-${id}/callback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("FakeDiscordServer gateway faults", () => {
  it("replays a dispatch missed during a 4000 close on RESUME, and loses none to INVALID_SESSION or unacknowledged heartbeats", async () => {
    const { server, root } = await start({ heartbeatIntervalMs: 250 });
    const { received } = await client(root);

    const since = Date.now();
    server.closeGateway(4000);
    const missed = chatInputInteraction("ask", { question: "during the close" });
    server.dispatch(missed);
    expect((await server.waitForGateway("resumed", { since, timeoutMs: 10_000 })).replayed).toBe(1);
    await received(String(missed.id));
    expect(server.gatewayEvents.filter((event) => event.type === "identify")).toHaveLength(1);

    const beforeInvalid = Date.now();
    server.invalidateSession(false);
    const during = componentInteraction("vote:up");
    server.dispatch(during);
    // discord.js waits about 5 s between two IDENTIFYs, as Discord asks.
    await server.waitForGateway("ready", { since: beforeInvalid, timeoutMs: 15_000 });
    await received(String(during.id));

    const beforeZombie = Date.now();
    server.acknowledgeHeartbeats(false);
    await server.waitForGateway("resume", { since: beforeZombie, timeoutMs: 10_000 });
    server.acknowledgeHeartbeats(true);
    await server.waitForGateway("resumed", { since: beforeZombie, timeoutMs: 10_000 });
    const after = modalSubmitInteraction("teach", { answer: "text" });
    server.dispatch(after);
    await received(String(after.id));
  }, 30_000);
});

describe("FakeDiscordServer callbacks", () => {
  it("answers a seeded share of callbacks 429 with Discord's rate-limit headers, refuses a second acknowledgement and a late one", async () => {
    const { server, root } = await start();
    server.faults({ rate429: 1, retryAfter: 1.5 });
    const first = chatInputInteraction("ask", { question: "q" });
    server.dispatch(first);
    const limited = await callback(root, String(first.id));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1.5");
    expect(limited.headers.get("x-ratelimit-scope")).toBe("user");
    expect(((await limited.json()) as { global: boolean }).global).toBe(false);

    server.faults();
    expect((await callback(root, String(first.id))).status).toBe(204);
    expect((await server.waitForCallback(String(first.id))).via).toBe("rest");
    expect((await callback(root, String(first.id))).status).toBe(400);

    // A window already over when the interaction is dispatched: every callback is too late.
    const { server: expired, root: expiredRoot } = await start({ callbackWindowMs: -1 });
    const late = chatInputInteraction("ask", { question: "late" });
    expired.dispatch(late);
    const refused = await callback(expiredRoot, String(late.id));
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { code: number }).code).toBe(10062);
  });

  it("keeps the @original message of a callback for follow-up webhooks, and records modal responses", async () => {
    const { server, root } = await start();
    const interaction = chatInputInteraction("ask", { question: "q" });
    server.dispatch(interaction);
    await callback(root, String(interaction.id), { type: 5 });
    const hook = `${root}/v10/webhooks/${APPLICATION_ID}/token-${String(interaction.id)}`;
    const edited = await fetch(`${hook}/messages/@original`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "done" }),
    });
    expect(((await edited.json()) as { content: string }).content).toBe("done");
    expect((await fetch(hook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "more" }) })).status).toBe(
      200,
    );
    expect(server.followUpsFor(String(interaction.id)).map((call) => call.method)).toEqual(["PATCH", "POST"]);

    const button = componentInteraction("teach");
    server.dispatch(button);
    await callback(root, String(button.id), { type: 9, data: { custom_id: "teach-modal", title: "Teach", components: [] } });
    expect(server.modalsFor(String(button.id))).toHaveLength(1);
  });
});

describe("interaction ids", () => {
  it("encode the time they were made, as Discord's snowflakes do", () => {
    const before = Date.now();
    const id = BigInt(String(chatInputInteraction("ask").id));
    const made = Number((id >> 22n) + 1_420_070_400_000n);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
    expect(BigInt(String(chatInputInteraction("ask").id))).toBeGreaterThan(id);
  });
});

describe("FakeDiscordServer HTTP interactions", () => {
  it("signs each delivery so the published public key verifies it, and a tampered one does not", async () => {
    const { server } = await start();
    const key = createPublicKey({
      key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(server.publicKeyHex, "hex")]),
      format: "der",
      type: "spki",
    });
    // A stand-in endpoint verifying as a bot in HTTP interactions mode must.
    const endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        const signed = Buffer.from(String(req.headers["x-signature-timestamp"]) + body);
        if (!verify(null, signed, key, Buffer.from(String(req.headers["x-signature-ed25519"]), "hex"))) {
          res.writeHead(401).end("invalid request signature");
          return;
        }
        const type = (JSON.parse(body) as { type: number }).type;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(type === 1 ? { type: 1 } : { type: 4, data: { content: "ok" } }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    open.push(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/discord/interactions`;

    expect((await server.deliverInteraction(url, pingInteraction())).body).toEqual({ type: 1 });
    const interaction = chatInputInteraction("ask", { question: "q" });
    const answered = await server.deliverInteraction(url, interaction);
    expect(answered.status).toBe(200);
    expect((await server.waitForCallback(String(interaction.id))).via).toBe("http");
    expect((await server.deliverInteraction(url, chatInputInteraction("ask", { question: "q" }), { tamper: true })).status).toBe(401);
    expect(server.acknowledgements).toHaveLength(1);
  });
});
