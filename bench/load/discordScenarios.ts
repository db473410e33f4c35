import { chatInputInteraction } from "../../tests/fakes/discordInteractions.js";
import type { FakeDiscordServer } from "../../tests/fakes/fakeDiscordServer.js";
import { sleep, until, type StartMode } from "./botProcess.js";
import { Harness, TelegramReplies, telegramBurst, type ScenarioContext } from "./harness.js";
import { tally, type Asked, type Reply, type Row } from "./tally.js";
import type { Scenario } from "./telegramScenarios.js";

/** Discord's window for acknowledging an interaction. */
const WINDOW_MS = 3000;

/** Dispatches `count` /ask interactions at once over the gateway. */
function dispatchBurst(server: FakeDiscordServer, questions: readonly string[], count: number): Asked[] {
  const asked: Asked[] = [];
  for (let i = 0; i < count; i++) {
    const interaction = chatInputInteraction(
      "ask",
      { question: questions[i % questions.length] ?? "what happened?" },
      { user: { id: String(500_000_000_000_000_000n + BigInt(i % 50)) } },
    );
    server.dispatch(interaction);
    asked.push({ key: String(interaction.id), at: Date.now() });
  }
  return asked;
}

/**
 * The acknowledgements of one interaction as replies: the successful one,
 * plus any callback refused as "already acknowledged" (a second answer, so a
 * duplicate).
 */
function acksOf(server: FakeDiscordServer) {
  return (key: string): Reply[] => {
    const replies: Reply[] = server.acknowledgements.filter((ack) => ack.interactionId === key).map((ack) => ({ at: ack.at, text: "ack" }));
    for (const call of server.callbacksFor(key)) if (call.status === 400) replies.push({ at: call.at, text: "ack" });
    return replies;
  };
}

/** Deferred acknowledgements (type 5, or 6 for a button): the reply itself must follow through the webhook. */
const isDeferral = (type: number) => type === 5 || type === 6;

/** When the reply of a deferred interaction arrived: its first successful follow-up (an edit of the deferred message or a new message). */
function followedUpAt(server: FakeDiscordServer, key: string): number | undefined {
  const delivered = server.followUpsFor(key).filter((call) => call.status < 300 && (call.method === "PATCH" || call.method === "POST"));
  return delivered.length > 0 ? Math.min(...delivered.map((call) => call.at)) : undefined;
}

/**
 * A Discord row: p50/p99 are from the interaction to its first
 * acknowledgement; an interaction counts as answered when it was
 * acknowledged within the window and, when deferred, its reply followed;
 * callbacks arriving after the 3 s window count as late (Discord refuses
 * them, so they are also lost). The notes give the acknowledgement's max,
 * the share deferred and how long their replies took.
 */
export function discordRow(title: string, server: FakeDiscordServer, asked: readonly Asked[], memory: { bot: number; tree: number }, notes: string[]): Row {
  const row = tally(title, asked, acksOf(server), { memory });
  const late = asked.filter((request) => server.callbacksFor(request.key).some((call) => call.at - request.at > WINDOW_MS)).length;
  const refused = server.calls.filter((call) => call.path.includes("/interactions/") && (call.status === 404 || call.status === 400)).length;
  if (refused > 0) notes.push(`${refused} callbacks refused (too late or already acknowledged)`);
  const firstAcks = new Map<string, { at: number; type: number }>();
  for (const ack of server.acknowledgements) if (!firstAcks.has(ack.interactionId)) firstAcks.set(ack.interactionId, ack);
  const ackLatencies = asked.flatMap((request) => (firstAcks.has(request.key) ? [firstAcks.get(request.key)!.at - request.at] : [])).sort((a, b) => a - b);
  const deferred = asked.filter((request) => isDeferral(firstAcks.get(request.key)?.type ?? 0));
  const followUps = deferred.flatMap((request) => {
    const at = followedUpAt(server, request.key);
    return at === undefined ? [] : [at - request.at];
  });
  const undelivered = deferred.length - followUps.length;
  followUps.sort((a, b) => a - b);
  if (ackLatencies.length > 0) notes.push(`first acknowledgement max ${ms(ackLatencies.at(-1)!)}`);
  notes.push(`deferred ${deferred.length} of ${asked.length} (${Math.round((100 * deferred.length) / Math.max(1, asked.length))}%)`);
  if (followUps.length > 0) notes.push(`their replies by follow-up p50 ${ms(quantile(followUps, 0.5))}, p99 ${ms(quantile(followUps, 0.99))}`);
  if (undelivered > 0) notes.push(`${undelivered} deferred never followed up (counted lost)`);
  return { ...row, answered: row.answered - undelivered, lost: row.lost + undelivered, late, lateMs: WINDOW_MS, notes: notes.filter(Boolean).join("; ") };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function acknowledgedAll(server: FakeDiscordServer, asked: readonly Asked[]): boolean {
  const acks = new Map<string, number>();
  for (const ack of server.acknowledgements) if (!acks.has(ack.interactionId)) acks.set(ack.interactionId, ack.type);
  return asked.every((request) => acks.has(request.key) && (!isDeferral(acks.get(request.key)!) || followedUpAt(server, request.key) !== undefined));
}

/** Waits for every acknowledgement and deferred reply, or for the window of the last one to pass (then no acknowledgement can count) and a bound for follow-ups. */
async function drain(server: FakeDiscordServer, asked: readonly Asked[], extraMs = 2000): Promise<void> {
  const last = Math.max(...asked.map((request) => request.at));
  await until(() => acknowledgedAll(server, asked) || Date.now() > last + WINDOW_MS + extraMs + 30_000, 60_000);
  // Late retries and apologies still arrive after the window: let them land to be counted.
  await sleep(extraMs);
}

function discordBurst(name: string, title: string, withFaults: boolean): Scenario {
  return {
    name,
    title,
    async run(context) {
      const harness = await Harness.create(context, { discord: true });
      try {
        const server = harness.discord!;
        const bot = await harness.start();
        if (withFaults) server.faults({ rate429: 0.2, rate500: 0.05, retryAfter: 1, seed: 7 });
        const asked = dispatchBurst(server, context.questions, 500);
        await drain(server, asked, withFaults ? 8000 : 2000);
        const memory = bot.peakMemory();
        const stop = await bot.stop();
        const injected = server.calls.filter((call) => call.fault !== undefined);
        const notes = [
          withFaults ? `injected ${injected.filter((c) => c.fault === "429").length}×429, ${injected.filter((c) => c.fault === "500").length}×500` : "",
          stop.clean ? "" : `stop: exit ${stop.code ?? stop.signal}`,
          bot.blockedConnections() > 0 ? `${bot.blockedConnections()} off-machine connections blocked` : "",
        ];
        return [discordRow(title, server, asked, memory, notes)];
      } finally {
        await harness.close();
      }
    },
  };
}

const gateway: Scenario = {
  name: "discord-gateway",
  title: "Discord: gateway closed 4000, INVALID_SESSION, heartbeats not acknowledged (10 interactions/s)",
  async run(context) {
    const harness = await Harness.create(context, { discord: { heartbeatIntervalMs: 1000 } });
    try {
      const server = harness.discord!;
      const bot = await harness.start();
      const asked: Asked[] = [];
      let held = 0;
      let n = 0;
      // Discord routes interactions only to a connected bot: hold them while none is.
      const stream = setInterval(() => {
        if (server.connectedClients() === 0) {
          held++;
          return;
        }
        const interaction = chatInputInteraction("ask", { question: context.questions[n++ % context.questions.length] ?? "?" });
        server.dispatch(interaction);
        asked.push({ key: String(interaction.id), at: Date.now() });
      }, 100);
      const steps: string[] = [];
      const step = async (label: string, fault: () => void, until: "resumed" | "ready", after?: () => void) => {
        await sleep(2000);
        const since = Date.now();
        fault();
        const done = await server.waitForGateway(until, { since, timeoutMs: 30_000 }).catch(() => undefined);
        after?.();
        steps.push(
          done
            ? `${label}: ${until} after ${((done.at - since) / 1000).toFixed(1)} s${done.replayed ? `, ${done.replayed} replayed` : ""}`
            : `${label}: no ${until} within 30 s`,
        );
      };
      try {
        await step("close 4000", () => server.closeGateway(4000), "resumed");
        await step("INVALID_SESSION", () => server.invalidateSession(false), "ready");
        // Acknowledged again once resumed, or the client would find the new connection dead too.
        await step(
          "heartbeats not acknowledged",
          () => server.acknowledgeHeartbeats(false),
          "resumed",
          () => server.acknowledgeHeartbeats(true),
        );
        await sleep(2000);
      } finally {
        clearInterval(stream);
        server.acknowledgeHeartbeats(true);
      }
      await drain(server, asked);
      const memory = bot.peakMemory();
      const stop = await bot.stop();
      const notes = [...steps, held > 0 ? `${held} ticks held while no client was connected` : "", stop.clean ? "" : `stop: exit ${stop.code ?? stop.signal}`];
      return [discordRow(this.title, server, asked, memory, notes)];
    } finally {
      await harness.close();
    }
  },
};

/** Peak memory with both platforms busy, started as `mode`. */
async function memoryRow(context: ScenarioContext, mode: StartMode): Promise<Row> {
  const harness = await Harness.create(context, { telegram: true, discord: true });
  try {
    const telegram = harness.telegram!;
    const discord = harness.discord!;
    const replies = new TelegramReplies(telegram);
    const bot = await harness.start({ mode });
    const idle = bot.peakMemory();
    const asked = telegramBurst(telegram, context.questions, 100, 5);
    const interactions = dispatchBurst(discord, context.questions, 200);
    await until(() => replies.allAnswered(asked), 120_000);
    await drain(discord, interactions);
    const memory = bot.peakMemory();
    await bot.stop();
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const row = tally(
      `Memory: ${mode === "npm" ? "npm start" : mode === "prod" ? "node dist/main.js" : "node --import tsx src/main.ts"}, both platforms, 500 + 200 requests`,
      asked,
      replies.of,
      { memory },
    );
    return { ...row, notes: `after start-up: bot ${mib(idle.bot)}, tree ${mib(idle.tree)}; Discord: ${discord.acknowledgements.length} of 200 acknowledged` };
  } finally {
    await harness.close();
  }
}

const memory: Scenario = {
  name: "memory",
  title: "Memory",
  async run(context) {
    const modes: StartMode[] = context.mode === "prod" ? ["prod", "npm"] : ["tsx", "npm"];
    const rows: Row[] = [];
    for (const mode of modes) rows.push(await memoryRow(context, mode));
    return rows;
  },
};

export const DISCORD_SCENARIOS: readonly Scenario[] = [
  discordBurst("discord-burst", "Discord: 500 interactions at once", false),
  discordBurst("discord-faults", "Discord: 500 interactions, callbacks 20% 429 / 5% 500", true),
  gateway,
  memory,
];
