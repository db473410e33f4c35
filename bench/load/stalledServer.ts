/**
 * The HTTP server of stalledPosts.ts, in a process of its own so its memory
 * is measured alone: Telegram's webhook route and Discord's interactions
 * route, from the source folder given (this tree's src/, or an older one's,
 * for a before/after comparison), on 127.0.0.1. Answers IPC messages
 * "memory" with its current and peak RSS (sampled every 20 ms) and resets
 * the peak.
 *
 *   tsx bench/load/stalledServer.ts SRC_DIR
 */
import { generateKeyPairSync } from "node:crypto";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Bot } from "grammy";
import type * as InteractionsModule from "../../src/adapters/discord/http/interactionsRoute.js";
import type * as WebhookModule from "../../src/adapters/telegram/webhook.js";
import type * as HttpServerModule from "../../src/http/HttpServer.js";

const srcDir = resolve(process.argv[2] ?? "src");
const load = (path: string) => import(pathToFileURL(join(srcDir, path)).href);
const { HttpServer } = (await load("http/HttpServer.ts")) as typeof HttpServerModule;
const { mountTelegramWebhook } = (await load("adapters/telegram/webhook.ts")) as typeof WebhookModule;
const { mountDiscordInteractions } = (await load("adapters/discord/http/interactionsRoute.ts")) as typeof InteractionsModule;

const botInfo = {
  id: 1,
  is_bot: true as const,
  first_name: "Bench",
  username: "bench_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
// Never reaches a Bot API: every request in the bench is refused before a handler runs.
const bot = new Bot("123456:stalled-bench", { botInfo, client: { apiRoot: "http://127.0.0.1:9" } });
const publicKeyHex = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

const server = new HttpServer({ port: 0, host: "127.0.0.1" });
mountTelegramWebhook(server, bot, { path: "/tg", secret: "stalled-bench-secret" });
mountDiscordInteractions(server, publicKeyHex, async () => undefined);
const { port } = await server.listen();

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
process.on("message", (message) => {
  if (message !== "memory") return;
  const rss = process.memoryUsage.rss();
  process.send?.({ rss, peak: Math.max(peak, rss) });
  peak = rss;
});
process.on("disconnect", () => {
  clearInterval(sampler);
  void server.close().then(() => process.exit(0));
});
process.send?.({ port });
