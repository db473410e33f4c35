import fastify, { type FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { adminPlugin } from "../../../src/adapters/web/adminPlugin.js";
import { loginLinks } from "../../../src/adapters/web/loginLinks.js";
import { useCaseActions } from "../../../src/adapters/web/useCaseActions.js";
import { Metrics } from "../../../src/metrics/Metrics.js";
import type { SessionGrant, Sessions } from "../../../src/store/index.js";
import type { FetchWebSource } from "../../../src/usecases/ports.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";

/** The bot's insides over a temporary SQLite store, and the moderators' page on its own Fastify on 127.0.0.1. */
export interface AdminSite {
  readonly bot: LoopBot;
  readonly app: FastifyInstance;
  readonly sessions: Sessions;
  readonly metrics: Metrics;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Moves the page's clock (expired links). */
  advance(ms: number): void;
  /** A login link as the chat would give it. */
  link(grant?: Partial<SessionGrant>): Promise<string>;
  /** How many refusals of a reason the metrics counted. */
  refused(reason: string): Promise<number>;
  close(): Promise<void>;
}

export const MODERATOR_A: SessionGrant = {
  platform: "discord",
  userHash: "hash-a",
  displayName: "Ada",
  communityKey: "discord:100000000000000001",
  communityName: "Server A",
};

/** Web sources as the scheduler reports fetching them: one that works, one whose server fails; any other URL is not one of the bot's. */
export const WEB_SOURCES = { working: "https://news.example/ferry", failing: "https://down.example/feed" } as const;
const fetchSourceFake: FetchWebSource = async (url) => {
  if (url === WEB_SOURCES.working) return { url, result: "fetched", documents: 1, changed: true };
  if (url === WEB_SOURCES.failing) return { url, result: "failed", documents: 0, changed: false, error: "HTTP 503" };
  return undefined;
};

export async function startAdminSite(corpusDir = "corpus"): Promise<AdminSite> {
  // The pipeline's /admin links point at the page, whose port is known once it listens.
  const links: { make?: ReturnType<typeof loginLinks> } = {};
  const bot = await startLoopBot(corpusDir, {
    deps: () => ({
      loginLinks: (grant) => {
        if (!links.make) throw new Error("the page is not listening yet");
        return links.make(grant);
      },
    }),
  });
  const sessions = bot.store.sessions;
  if (!sessions) throw new Error("the store keeps no sessions");
  const metrics = new Metrics({ defaultMetrics: false });
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const app = fastify();
  await app.register(
    adminPlugin({
      sessions,
      actions: useCaseActions({ store: bot.store, services: bot.holder, fetchSource: fetchSourceFake }),
      publicUrl: "http://127.0.0.1",
      metrics,
      now,
    }),
  );
  await app.listen({ host: "127.0.0.1", port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  links.make = loginLinks(sessions, origin);
  return {
    bot,
    app,
    sessions,
    metrics,
    origin,
    advance(ms) {
      offset += ms;
    },
    async link(grant = {}) {
      const { token } = await sessions.createLink({ ...MODERATOR_A, ...grant }, now());
      return `${origin}/admin/login?token=${token}`;
    },
    async refused(reason) {
      const metric = await metrics.registry.getSingleMetric("cited_admin_refused_total")?.get();
      return metric?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
    },
    async close() {
      await app.close();
      await bot.close();
    },
  };
}
