import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, sleep, until } from "./botProcess.js";
import { Harness, TelegramReplies } from "./harness.js";
import { tally, type Asked } from "./tally.js";
import type { Scenario } from "./telegramScenarios.js";

const CHANNELS = 20;
const MESSAGES = 1000;
const ADMIN = 7_000_001;
/**
 * Messages per second across the groups: 50, two and a half a second in
 * each group, far busier than a community's chat; the burst scenarios
 * measure queueing, this one the time to decide and answer.
 */
const RATE = 50;
const FIRST_GROUP = -100_500_000;

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

/**
 * Auto-answering under load: 1,000 chat messages (questions the article
 * answers, questions it does not, chatter; from bench/chat/) across 20
 * Telegram groups where it is on, 50 a second. Every message must be
 * decided once (the bot's own counters), chatter never answered, and the
 * answered questions' latency and the bot's memory are reported.
 */
export const channelScenario: Scenario = {
  name: "telegram-channels",
  title: "Telegram: 1,000 chat messages across 20 auto-answer groups, 50/s",
  async run(context) {
    const [answerable, unanswerable, chatter] = await Promise.all([
      chatSet("article-answerable.jsonl"),
      chatSet("article-unanswerable.jsonl"),
      chatSet("article-chatter.jsonl"),
    ]);
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      server.canReadAllGroupMessages = true;
      server.setMemberStatus(ADMIN, "administrator");
      const replies = new TelegramReplies(server);
      // The cap is not what this measures: every confident answer goes out.
      const bot = await harness.start({ env: { AUTO_ANSWER_HOURLY_CAP: String(MESSAGES) } });
      const groups = Array.from({ length: CHANNELS }, (_, i) => FIRST_GROUP - i);
      const acknowledged = server.waitForCalls((call) => call.ok && call.method === "sendMessage" && Number(call.payload.chat_id) === ADMIN, CHANNELS, 60_000);
      for (const group of groups) server.pushText("/autoanswer on", { chatId: group, userId: ADMIN });
      await acknowledged;
      // A realistic mix: two in five questions the article answers, one in five it does not, two in five chatter.
      const kinds = ["answerable", "chatter", "unanswerable", "answerable", "chatter"] as const;
      const pools = { answerable, unanswerable, chatter };
      const asked: Record<(typeof kinds)[number], Asked[]> = { answerable: [], unanswerable: [], chatter: [] };
      for (let i = 0; i < MESSAGES; i++) {
        if (i > 0 && i % RATE === 0) await sleep(1000);
        const kind = kinds[i % kinds.length]!;
        const pool = pools[kind];
        const chatId = groups[i % CHANNELS]!;
        const { messageId } = server.pushText(pool[Math.floor(i / kinds.length) % pool.length] ?? "what happened?", { chatId, userId: 8_000_000 + (i % 300) });
        asked[kind].push({ key: `${chatId}:${messageId}`, at: Date.now() });
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
      await until(() => Date.now() - replies.lastSendAt >= 1500, 15_000);
      decided = await decisions(port);
      const memory = bot.peakMemory();
      await bot.stop();
      const answeredOf = (list: readonly Asked[]) => list.filter((request) => replies.of(request.key).length > 0).length;
      const notes = [
        `decided ${total()} of ${MESSAGES} messages (${decided.answers} answered; skipped ${Object.entries(decided.skipped)
          .map(([reason, n]) => `${reason} ${n}`)
          .join(", ")})`,
        `chatter answered: ${answeredOf(asked.chatter)} of ${asked.chatter.length}`,
        `unanswerable answered: ${answeredOf(asked.unanswerable)} of ${asked.unanswerable.length}`,
        drained ? "" : "not all decided within 180 s",
      ].filter(Boolean);
      // The row counts the answerable questions: answered ones give the latency; the rest stayed silent.
      return [tally(`${this.title}: questions the article answers`, asked.answerable, replies.of, { lateMs: 2000, memory, notes: notes.join("; ") })];
    } finally {
      await harness.close();
    }
  },
};
