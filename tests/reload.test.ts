import { once } from "node:events";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole } from "../src/adapters/console/startConsole.js";
import { startDiscord } from "../src/adapters/discord/startDiscord.js";
import { startTelegram } from "../src/adapters/telegram/startTelegram.js";
import type { RunningAdapter } from "../src/adapters/types.js";
import { loadCatalog } from "../src/commands/loadCatalog.js";
import { checkTopics } from "../src/service/checkTopics.js";
import { chatInputInteraction, type InteractionContext } from "./fakes/discordInteractions.js";
import { APPLICATION_ID, FakeDiscordServer } from "./fakes/fakeDiscordServer.js";
import { FakeTelegramServer, type RecordedCall } from "./fakes/fakeTelegramServer.js";
import { startLoopBot, type LoopBot } from "./fakes/loopBot.js";
import { useBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

/**
 * Every way to reload a running bot's corpus, through the adapters: a file
 * change in the corpus folder (watched), SIGHUP to `npm start`, and the
 * moderators' `/reload` on Telegram (private reply), Discord (ephemeral) and
 * the console; a failed reload keeps the old service and says why to whoever
 * asked; a question asked during a reload is answered. ServiceHolder's own
 * tests (tests/service) cover the holder; these cover the bot around it.
 */

const TOKEN = "4343:reload-token";
const DISCORD_TOKEN = "fake.discord.reload-token";
const ADMIN = 601;
const MEMBER = 602;
const GROUP = -100888;
const MODERATOR: InteractionContext = { user: { id: "666000000000000001", username: "Grace" }, permissions: "8192" };
const EPHEMERAL = 64;

const LIGHTHOUSE_QUESTION = "When does the lighthouse museum open?";
const lighthouse = (day: string) =>
  `---\ntitle: Lighthouse museum\n---\n\n# Lighthouse museum\n\nThe lighthouse museum opens on ${day} at nine in the morning.\n`;

/** A copy of the bundled corpus, which a test may edit. */
async function corpusCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cited-reload-corpus-"));
  await cp("corpus", dir, { recursive: true });
  return dir;
}

/** A gate a build waits at: open unless a test closes it. */
function buildGate() {
  let open: Promise<void> = Promise.resolve();
  let release = () => undefined as void;
  let entered = () => undefined as void;
  let arrived: Promise<void> = Promise.resolve();
  return {
    /** Called by the holder at each build. */
    async pass(): Promise<void> {
      entered();
      await open;
    },
    /** Closes the gate; resolves `arrived` when the next build reaches it. */
    close(): Promise<void> {
      open = new Promise<void>((resolve) => (release = resolve));
      arrived = new Promise<void>((resolve) => (entered = resolve));
      return arrived;
    },
    release: () => {
      entered = () => undefined;
      release();
    },
  };
}

describe("a corpus file change reloads the running bot", () => {
  let corpusDir: string;
  let telegram: FakeTelegramServer;
  let adapter: RunningAdapter;
  let bot: LoopBot;

  beforeAll(async () => {
    corpusDir = await corpusCopy();
    telegram = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await telegram.listen();
    const catalog = await loadCatalog("commands");
    bot = await startLoopBot(corpusDir, { holder: { watch: true, debounceMs: 50, validate: (service) => checkTopics(catalog, service) } });
    adapter = await startTelegram(bot.context, { token: TOKEN, apiRoot });
  });

  afterAll(async () => {
    await adapter?.stop();
    await bot?.close();
    await telegram?.close();
    await rm(corpusDir, { recursive: true, force: true });
  });

  it("answers from a file added to the corpus folder once the watcher has reloaded", async () => {
    const before = await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER);
    expect(String(before.payload.text)).not.toContain("4 May");

    const reloaded = once(bot.holder, "reloaded");
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("4 May"));
    const [event] = (await reloaded) as [{ reason: string; changed: boolean }];
    expect(event.reason).toMatch(/file change/);
    expect(event.changed).toBe(true);

    const after = await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER);
    expect(String(after.payload.text)).toContain("4 May at nine in the morning");
  });
});

describe("/reload from the moderators", () => {
  let corpusDir: string;
  let telegram: FakeTelegramServer;
  let discord: FakeDiscordServer;
  let telegramAdapter: RunningAdapter;
  let discordAdapter: RunningAdapter;
  let bot: LoopBot;
  const gate = buildGate();

  beforeAll(async () => {
    corpusDir = await corpusCopy();
    telegram = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await telegram.listen();
    telegram.setMemberStatus(ADMIN, "administrator");
    discord = new FakeDiscordServer(DISCORD_TOKEN);
    const discordRoot = await discord.listen();
    const catalog = await loadCatalog("commands");
    // The watcher is off: here only /reload picks up an edit.
    bot = await startLoopBot(corpusDir, { holder: { validate: (service) => checkTopics(catalog, service), extraFiles: async () => (await gate.pass(), []) } });
    telegramAdapter = await startTelegram(bot.context, { token: TOKEN, apiRoot });
    discordAdapter = await startDiscord(bot.context, { token: DISCORD_TOKEN, clientId: APPLICATION_ID, apiRoot: discordRoot });
  });

  afterAll(async () => {
    gate.release();
    await telegramAdapter?.stop();
    await discordAdapter?.stop();
    await bot?.close();
    await telegram?.close();
    await discord?.close();
    await rm(corpusDir, { recursive: true, force: true });
  });

  it("on Telegram: reloads for a group admin and tells them privately; others are refused", async () => {
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("5 June"));
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text)).not.toContain("5 June");

    const refused = await ask(telegram, "/reload", MEMBER, GROUP);
    expect(String(refused.payload.text)).toMatch(/Only moderators can use \/reload/);

    const done = await privately(telegram, ADMIN, "/reload", GROUP);
    expect(String(done.payload.text)).toMatch(/^Reloaded the sources in \d+ ms \(version \w+\)/);
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text)).toContain("5 June at nine in the morning");

    const again = await privately(telegram, ADMIN, "/reload", GROUP);
    expect(String(again.payload.text)).toMatch(/have not changed/);
  });

  it("on Discord: reloads for a member with Manage Messages, answering ephemerally; others are refused", async () => {
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("6 July"));
    const refused = await respond(discord, chatInputInteraction("reload", {}, { user: { id: "666000000000000002", username: "ada" } }));
    expect(refused.data?.content).toMatch(/Only moderators can use \/reload/);
    expect((refused.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);

    const done = await respond(discord, chatInputInteraction("reload", {}, MODERATOR));
    expect((done.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(done.data?.content).toMatch(/^Reloaded the sources in \d+ ms/);
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text)).toContain("6 July");
  });

  it("in the console: anyone at the console may reload", async () => {
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("7 August"));
    const output = await consoleSays(bot, `/reload\n${LIGHTHOUSE_QUESTION}\n`);
    expect(output).toMatch(/Reloaded the sources in \d+ ms/);
    expect(output).toContain("7 August at nine in the morning");
  });

  it("keeps the old service when a catalog topic's section disappeared, and tells the moderator why", async () => {
    const file = join(corpusDir, "us-response-pakistan-isf.md");
    const original = await readFile(file, "utf8");
    const heading = "## What Is the International Stabilisation Force for Gaza?";
    expect(original).toContain(heading);
    const version = bot.holder.current.version;
    await writeFile(file, original.replace(heading, "## A Renamed Heading"));
    try {
      const failed = await privately(telegram, ADMIN, "/reload", GROUP);
      expect(String(failed.payload.text)).toMatch(/^Reloading failed, so I keep answering from the sources as they were: .*isf\.yaml/);
      expect(bot.holder.current.version).toBe(version);

      const onDiscord = await respond(discord, chatInputInteraction("reload", {}, MODERATOR));
      expect((onDiscord.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
      expect(onDiscord.data?.content).toMatch(/^Reloading failed.*isf\.yaml/);

      // The topic still answers from the section as it was.
      const isf = await ask(telegram, "/isf", MEMBER);
      expect(String(isf.payload.text)).toContain("What Is the International Stabilisation Force for Gaza?");
    } finally {
      await writeFile(file, original);
    }
    const restored = await privately(telegram, ADMIN, "/reload", GROUP);
    expect(String(restored.payload.text)).toMatch(/^Reloaded|have not changed/);
  });

  it("answers a question asked while a reload is running, from the old corpus", async () => {
    const before = String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text);
    expect(before).toContain("at nine in the morning");
    expect(before).not.toContain("8 September");
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("8 September"));
    const building = gate.close();
    const sentBefore = telegram.calls.length;
    telegram.pushText("/reload", { chatId: GROUP, userId: ADMIN });
    await building;

    // The reload is held at its build; a question in another chat is answered meanwhile.
    const during = await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER);
    expect(String(during.payload.text)).toBe(before);
    const reloadReplies = () => telegram.calls.slice(sentBefore).filter((call) => call.method === "sendMessage" && Number(call.payload.chat_id) === ADMIN);
    expect(reloadReplies()).toHaveLength(0);

    gate.release();
    const done = await telegram.waitForCall((call) => reloadReplies().includes(call), 10_000, "the reload's private reply");
    expect(String(done.payload.text)).toMatch(/^Reloaded the sources/);
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text)).toContain("8 September");
  });
});

describe("SIGHUP to npm start", () => {
  const { start, closers } = useBot({ DISCORD_TOKEN: "", DISCORD_GUILD_ID: "", COMMANDS_DIR: "", LOG_LEVEL: "info" }, ["./tests/fakes/loopbackOnly.ts"]);

  it("reloads the corpus folder: an edited file's new text is answered", async () => {
    const corpusDir = await corpusCopy();
    closers.push(() => rm(corpusDir, { recursive: true, force: true }));
    const telegram = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await telegram.listen();
    closers.push(() => telegram.close());
    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("4 May"));

    const bot = start({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, CORPUS_DIR: corpusDir });
    await waitFor(() => bot.logs().includes("telegram: connected") || undefined, 20_000, "the bot connected").catch((error: Error) => {
      throw new Error(`${error.message}; log:\n${bot.logs()}`);
    });
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text)).toContain("4 May");

    await writeFile(join(corpusDir, "lighthouse.md"), lighthouse("9 October"));
    bot.child.kill("SIGHUP");
    // The watcher may reload too; SIGHUP must have reloaded, and the answer must be new.
    await waitFor(
      () => /"reason":"SIGHUP"[^\n]*reloaded the corpus|reloaded the corpus[^\n]*"reason":"SIGHUP"/.test(bot.logs()) || undefined,
      20_000,
      "the SIGHUP reload",
    ).catch((error: Error) => {
      throw new Error(`${error.message}; log:\n${bot.logs()}`);
    });
    expect(String((await ask(telegram, LIGHTHOUSE_QUESTION, MEMBER)).payload.text), bot.logs()).toContain("9 October at nine in the morning");
    expect(bot.child.exitCode).toBeNull();
  }, 60_000);
});

// --- helpers ---------------------------------------------------------------------------------

/** Sends a text and resolves with the bot's (first) reply to it. */
async function ask(telegram: FakeTelegramServer, text: string, userId: number, chatId = userId): Promise<RecordedCall> {
  const pushed = telegram.pushText(text, { chatId, userId });
  return telegram.waitForCall(
    (call) => call.method === "sendMessage" && telegram.replyTarget(call)?.updateId === pushed.updateId,
    10_000,
    `a reply to ${text}`,
  );
}

/** Sends a text in `chatId` and resolves with the next private message the bot sends to `userId`. */
function privately(telegram: FakeTelegramServer, userId: number, text: string, chatId: number): Promise<RecordedCall> {
  const start = telegram.calls.length;
  telegram.pushText(text, { chatId, userId });
  return telegram.waitForCall(
    (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === userId && telegram.calls.indexOf(call) >= start,
    10_000,
    `a private message to ${userId}`,
  );
}

interface CallbackBody {
  type: number;
  data?: { content?: string; flags?: number };
}

async function respond(discord: FakeDiscordServer, interaction: Record<string, unknown>): Promise<CallbackBody> {
  discord.dispatch(interaction);
  const id = String(interaction.id);
  return (await discord.replyTo(id, 10_000)) as CallbackBody;
}

/** The console chat's whole output for piped `lines`, over the bot's pipeline. */
async function consoleSays(bot: LoopBot, lines: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk) => (text += String(chunk)));
  const chat = startConsole(bot.context, { input, output });
  input.end(lines);
  await chat.closed;
  return text;
}
