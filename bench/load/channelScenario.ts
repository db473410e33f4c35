import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chatInputInteraction, GUILD_ID } from "../../tests/fakes/discordInteractions.js";
import { ROOT, sleep, until, type BotProcess } from "./botProcess.js";
import { Harness, TelegramReplies } from "./harness.js";
import { tally, type Asked, type Reply } from "./tally.js";
import type { Scenario } from "./telegramScenarios.js";

const CHANNELS = 20;
const MESSAGES = 1000;
/**
 * Messages per second across the channels: 50, two and a half a second in
 * each, far busier than a community's chat; the burst scenarios measure
 * queueing, this one the time to decide and answer.
 */
const RATE = 50;

/** The chat development set's messages of one kind (bench/chat/), each `{ "q": … }` per line. */
async function chatSet(file: string): Promise<string[]> {
  const text = await readFile(join(ROOT, "bench", "chat", file), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

/** The bot's own counters from `/metrics`: automatic answers and skips by reason. */
async function decisions(port: string): Promise<{ answers: number; skipped: Record<string, number> }> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })
    .then((response) => response.text())
    .catch(() => "");
  let answers = 0;
  const skipped: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const answered = /^cited_auto_answers_total\{[^}]*\} (\d+)/.exec(line);
    if (answered) answers += Number(answered[1]);
    const skip = /^cited_auto_skipped_total\{[^}]*reason="([^"]+)"[^}]*\} (\d+)/.exec(line);
    if (skip?.[1]) skipped[skip[1]] = (skipped[skip[1]] ?? 0) + Number(skip[2]);
  }
  return { answers, skipped };
}

/** One platform's side of the scenario: its fake, its channels turned on, how a message is sent and its answer found. */
interface ChannelPlatform {
  readonly name: string;
  readonly title: string;
  /** Starts the bot, turns auto-answering on in `CHANNELS` channels, and resolves once every one is acknowledged. */
  setUp(harness: Harness, env: Record<string, string>): Promise<Channels>;
}

interface Channels {
  readonly bot: BotProcess;
  /** Sends a person's message in channel `n`; resolves to the key its answer is filed under. */
  send(n: number, text: string, userIndex: number): string;
  readonly repliesOf: (key: string) => readonly Reply[];
  /** When the bot last sent anything (`Date.now()`), to let the last answers land. */
  lastReplyAt(): number;
}

const telegram: ChannelPlatform = {
  name: "telegram-channels",
  title: "Telegram: 1,000 chat messages across 20 auto-answer groups, 50/s",
  async setUp(harness, env) {
    const admin = 7_000_001;
    const firstGroup = -100_500_000;
    const server = harness.telegram!;
    server.canReadAllGroupMessages = true;
    server.setMemberStatus(admin, "administrator");
    const replies = new TelegramReplies(server);
    const bot = await harness.start({ env });
    const groups = Array.from({ length: CHANNELS }, (_, i) => firstGroup - i);
    const acknowledged = server.waitForCalls((call) => call.ok && call.method === "sendMessage" && Number(call.payload.chat_id) === admin, CHANNELS, 60_000);
    for (const group of groups) server.pushText("/autoanswer on", { chatId: group, userId: admin });
    await acknowledged;
    return {
      bot,
      send(n, text, userIndex) {
        const chatId = groups[n]!;
        const { messageId } = server.pushText(text, { chatId, userId: 8_000_000 + userIndex });
        return `${chatId}:${messageId}`;
      },
      repliesOf: replies.of,
      lastReplyAt: () => replies.lastSendAt,
    };
  },
};

const discord: ChannelPlatform = {
  name: "discord-channels",
  title: "Discord: 1,000 chat messages across 20 auto-answer text channels, 50/s",
  async setUp(harness, env) {
    const server = harness.discord!;
    const channels = Array.from({ length: CHANNELS }, (_, i) => String(700_000_000_000_000_000n + BigInt(i)));
    for (const id of channels) server.addChannel({ id, type: 0, guild_id: GUILD_ID, name: `channel-${id.slice(-2)}` });
    const bot = await harness.start({ env });
    // A moderator (Manage Messages) turns it on in each channel; each acknowledgement is awaited.
    await Promise.all(
      channels.map(async (channelId) => {
        const interaction = chatInputInteraction("autoanswer", { mode: "on" }, { channelId, permissions: "8192", user: { id: "700000000000000999" } });
        server.dispatch(interaction);
        await server.replyTo(String(interaction.id), 60_000);
      }),
    );
    return {
      bot,
      // Answered in a thread started from the message, whose id is the message's: its posts are the answer.
      send: (n, text, userIndex) =>
        server.messageCreate({ channelId: channels[n]!, content: text, userId: String(800_000_000_000_000_000n + BigInt(userIndex)) }),
      repliesOf: (key) => server.postsIn(key).map((post) => ({ at: post.at, text: JSON.stringify(post.body.embeds ?? post.body.content ?? "") })),
      lastReplyAt: () => server.posts.at(-1)?.at ?? 0,
    };
  },
};

/**
 * Auto-answering under load: 1,000 chat messages (questions the article
 * answers, questions it does not, chatter; from bench/chat/) across 20
 * channels where it is on, 50 a second. Every message must be decided once
 * (the bot's own counters), chatter never answered, and the answered
 * questions' latency and the bot's memory are reported.
 */
function channelScenario(platform: ChannelPlatform): Scenario {
  return {
    name: platform.name,
    title: platform.title,
    async run(context) {
      const [answerable, unanswerable, chatter] = await Promise.all([
        chatSet("article-answerable.jsonl"),
        chatSet("article-unanswerable.jsonl"),
        chatSet("article-chatter.jsonl"),
      ]);
      const harness = await Harness.create(context, platform === telegram ? { telegram: true } : { discord: true });
      try {
        // The cap is not what this measures: every confident answer goes out.
        const channels = await platform.setUp(harness, { AUTO_ANSWER_HOURLY_CAP: String(MESSAGES) });
        const { bot } = channels;
        // A realistic mix: two in five questions the article answers, one in five it does not, two in five chatter.
        const kinds = ["answerable", "chatter", "unanswerable", "answerable", "chatter"] as const;
        const pools = { answerable, unanswerable, chatter };
        const asked: Record<(typeof kinds)[number], Asked[]> = { answerable: [], unanswerable: [], chatter: [] };
        for (let i = 0; i < MESSAGES; i++) {
          if (i > 0 && i % RATE === 0) await sleep(1000);
          const kind = kinds[i % kinds.length]!;
          const pool = pools[kind];
          const key = channels.send(i % CHANNELS, pool[Math.floor(i / kinds.length) % pool.length] ?? "what happened?", i % 300);
          asked[kind].push({ key, at: Date.now() });
        }
        const port = bot.env.PORT ?? "";
        let decided = { answers: 0, skipped: {} as Record<string, number> };
        const total = () => decided.answers + Object.values(decided.skipped).reduce((sum, n) => sum + n, 0);
        // Bounded: the bot's counters are read every half second until every message is decided.
        const deadline = Date.now() + 180_000;
        let drained = false;
        while (!drained && Date.now() < deadline) {
          decided = await decisions(port);
          drained = total() >= MESSAGES;
          if (!drained) await sleep(500);
        }
        await until(() => Date.now() - channels.lastReplyAt() >= 1500, 15_000);
        decided = await decisions(port);
        const memory = bot.peakMemory();
        await bot.stop();
        const answeredOf = (list: readonly Asked[]) => list.filter((request) => channels.repliesOf(request.key).length > 0).length;
        const notes = [
          `decided ${total()} of ${MESSAGES} messages (${decided.answers} answered; skipped ${Object.entries(decided.skipped)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(", ")})`,
          `chatter answered: ${answeredOf(asked.chatter)} of ${asked.chatter.length}`,
          `unanswerable answered: ${answeredOf(asked.unanswerable)} of ${asked.unanswerable.length}`,
          drained ? "" : "not all decided within 180 s",
        ].filter(Boolean);
        // The row counts the answerable questions: answered ones give the latency; the rest stayed silent.
        return [
          tally(`${platform.title}: questions the article answers`, asked.answerable, channels.repliesOf, { lateMs: 2000, memory, notes: notes.join("; ") }),
        ];
      } finally {
        await harness.close();
      }
    },
  };
}

/** The auto-answering scenarios: the same messages on each platform. */
export const CHANNEL_SCENARIOS: readonly Scenario[] = [channelScenario(telegram), channelScenario(discord)];
