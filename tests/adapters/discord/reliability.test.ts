/**
 * The Discord adapter under platform faults, in this process against the
 * fake gateway and REST API: a callback answered 429 whose retry would land
 * past the 3-second window is given up at once (logged once) while the
 * others are still answered; a gateway closed with 4000, an invalid session
 * and unacknowledged heartbeats lose no interaction. Waits for the fake's
 * events and the adapter's log, never a fixed sleep.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SnowflakeUtil, type RateLimitData } from "discord.js";
import { isCallbackTooLate, startDiscord } from "../../../src/adapters/discord/startDiscord.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { adapterContext } from "../../fakes/adapterContext.js";
import { chatInputInteraction } from "../../fakes/discordInteractions.js";
import { APPLICATION_ID, FakeDiscordServer } from "../../fakes/fakeDiscordServer.js";
import { captureLog } from "../../fakes/captureLog.js";
import { sqliteStore } from "../../fakes/sqliteStore.js";
import { waitForEvent } from "../../fakes/waitForEvent.js";

const TOKEN = "reliability.discord.token-secret";

let service: AnswerService;
let catalog: CommandCatalog;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: ConstructorParameters<typeof FakeDiscordServer>[1] = {}) {
  const server = new FakeDiscordServer(TOKEN, options);
  const apiRoot = await server.listen();
  cleanups.push(() => server.close());
  const log = captureLog([TOKEN]);
  const adapter = await startDiscord(adapterContext(service, catalog, { store: await sqliteStore() }, log.logger), {
    token: TOKEN,
    clientId: APPLICATION_ID,
    apiRoot,
  });
  cleanups.push(() => adapter.stop());
  return { server, log, adapter };
}

const ask = (question: string) => chatInputInteraction("ask", { question });

describe("Discord interaction callbacks under rate limits", () => {
  it("gives up at once on a callback whose 429 retry would land past its 3-second window, logs that once, and answers the others", async () => {
    const { server, log } = await setup();
    server.faults({ rate429: 1, retryAfter: 5 });
    const limited = [ask("Who is Rubio?"), ask("What is the ISF?"), ask("Is there a ceasefire?")];
    for (const interaction of limited) server.dispatch(interaction);
    // Each one's failure is logged once its request has settled: nothing is left that could retry it.
    const ids = new Set(limited.map((interaction) => String(interaction.id)));
    await log.all((line) => line.msg === "discord: could not answer an interaction" && ids.has(String(line.interaction)), limited.length, "the three given up");
    for (const interaction of limited) expect(server.callbacksFor(String(interaction.id)).map((call) => call.status)).toEqual([429]);
    expect(log.lines.filter((line) => /rate-limited past its 3-second window/.test(line.msg))).toHaveLength(1);

    server.faults();
    const later = [ask("Who is Munir?"), ask("What did Pakistan say?")];
    for (const interaction of later) server.dispatch(interaction);
    for (const interaction of later) expect((await server.waitForCallback(String(interaction.id), 10_000)).latencyMs).toBeLessThan(3000);
    for (const interaction of later) expect(server.callbacksFor(String(interaction.id)).map((call) => call.status)).toEqual([204]);
  }, 30_000);

  it("retries a callback whose 429 retry still lands within the window, answering it once", async () => {
    const { server } = await setup();
    server.faults({ rate429: 1, retryAfter: 0.2 });
    const interaction = ask("Who is Rubio?");
    server.dispatch(interaction);
    await server.waitForCall((call) => call.status === 429, 5000);
    server.faults();
    await server.waitForCallback(String(interaction.id), 5000);
    expect(server.callbacksFor(String(interaction.id)).map((call) => call.status)).toEqual([429, 204]);
  }, 15_000);
});

describe("Discord interactions acknowledged first", () => {
  it("acknowledges a burst within the window under callback 429s: those waiting for a place are deferred at once and answered through the follow-up webhook, whose failures are retried", async () => {
    const { server } = await setup();
    // Warmed up first, as a bot is after its first few questions: the first answers in a process take the CPU for a second.
    const warmUp = ask("Who is Rubio?");
    server.dispatch(warmUp);
    await server.replyTo(String(warmUp.id), 20_000);
    server.rateLimitFirstCallbacks(1);
    // Enough follow-up failures that discord.js's own retries (three) run out and the adapter's retry is needed.
    server.failWebhooks(5, 503);
    const questions = ["Who is Rubio?", "What is the ISF?", "Is there a ceasefire?", "Who is Munir?"];
    // More than the fair gate answers at once (8), so some must wait for a place.
    const burst = Array.from({ length: 14 }, (_, i) =>
      chatInputInteraction("ask", { question: questions[i % questions.length]! }, { user: { id: String(720000000000000000n + BigInt(i)) } }),
    );
    for (const interaction of burst) server.dispatch(interaction);
    for (const interaction of burst) {
      const id = String(interaction.id);
      const reply = await server.replyTo(id, 20_000);
      expect(reply.data?.embeds ?? reply.data?.content, id).toBeTruthy();
      // Acknowledged once, inside the window (the fake, as Discord, refuses a later callback).
      const acknowledged = server.callbacksFor(id).filter((call) => call.status < 300);
      expect(acknowledged).toHaveLength(1);
      expect(server.acknowledgements.find((ack) => ack.interactionId === id)!.latencyMs).toBeLessThan(3000);
    }
    const deferred = burst.filter((interaction) => server.acknowledgements.find((ack) => ack.interactionId === String(interaction.id))?.type === 5);
    expect(deferred.length).toBeGreaterThanOrEqual(burst.length - 8);
    // Each deferred reply delivered exactly once (its failed attempts aside).
    for (const interaction of deferred) expect(server.followUpsFor(String(interaction.id)).filter((call) => call.status < 300)).toHaveLength(1);
    expect(server.calls.filter((call) => call.status === 503)).toHaveLength(5);
    for (const interaction of burst) expect(server.callbacksFor(String(interaction.id))[0]!.status).toBe(429);
  }, 60_000);
});

describe("Discord gateway faults", () => {
  it("resumes after a 4000 close, re-identifies after INVALID_SESSION, reconnects when heartbeats go unacknowledged: every interaction answered once", async () => {
    const { server, adapter } = await setup({ heartbeatIntervalMs: 250 });
    const answeredOnce = async (interaction: ReturnType<typeof ask>) => {
      await server.waitForCallback(String(interaction.id), 20_000);
      expect(server.callbacksFor(String(interaction.id)).filter((call) => call.status === 204)).toHaveLength(1);
    };

    const beforeClose = Date.now();
    server.closeGateway(4000);
    const duringClose = ask("Who is Rubio?");
    server.dispatch(duringClose);
    await server.waitForGateway("resumed", { since: beforeClose, timeoutMs: 15_000 });
    await answeredOnce(duringClose);

    const beforeInvalid = Date.now();
    server.invalidateSession(false);
    const duringInvalid = ask("What is the ISF?");
    server.dispatch(duringInvalid);
    await server.waitForGateway("ready", { since: beforeInvalid, timeoutMs: 20_000 });
    await answeredOnce(duringInvalid);

    const beforeZombie = Date.now();
    server.acknowledgeHeartbeats(false);
    await server.waitForGateway("close", { since: beforeZombie, timeoutMs: 10_000 });
    const duringZombie = ask("Is there a ceasefire?");
    server.dispatch(duringZombie);
    server.acknowledgeHeartbeats(true);
    await waitForEvent(
      server,
      "gateway",
      server.gatewayEvents,
      (event: { type: string; at: number }) => (event.type === "resumed" || event.type === "ready") && event.at >= beforeZombie,
      15_000,
      "a new session",
    );
    await answeredOnce(duringZombie);
    expect(adapter.connected?.()).toBe(true);
  }, 60_000);
});

describe("isCallbackTooLate", () => {
  const limited = (id: string, retryAfter: number) =>
    ({ route: "/interactions/:id/:token/callback", url: `https://discord.com/api/v10/interactions/${id}/tok/callback`, retryAfter }) as RateLimitData;
  const now = 1_800_000_000_000;

  it("measures the window from the interaction's creation when its snowflake is plausible", () => {
    const id = String(SnowflakeUtil.generate({ timestamp: now - 2500 }));
    expect(isCallbackTooLate(limited(id, 1000), () => now - 2400, now)).toBe(true);
    // (a retry must also leave the request time to travel: 150 ms)
    expect(isCallbackTooLate(limited(id, 400), () => now - 2400, now)).toBe(true);
    expect(isCallbackTooLate(limited(id, 300), () => now - 2400, now)).toBe(false);
    expect(isCallbackTooLate(limited(String(SnowflakeUtil.generate({ timestamp: now - 1500 })), 900), () => now - 1400, now)).toBe(false);
  });

  it("falls back on the arrival time when the snowflake's time is implausible, and never stops other requests", () => {
    expect(isCallbackTooLate(limited("600000000000000008", 1000), () => now - 500, now)).toBe(false);
    expect(isCallbackTooLate(limited("600000000000000008", 1000), () => now - 2500, now)).toBe(true);
    expect(
      isCallbackTooLate(
        { route: "/channels/:id/messages", url: "https://discord.com/api/v10/channels/1/messages", retryAfter: 60_000 } as RateLimitData,
        () => undefined,
        now,
      ),
    ).toBe(false);
  });
});
