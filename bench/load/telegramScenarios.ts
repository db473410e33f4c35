import { sleep, until, type BotProcess } from "./botProcess.js";
import { Harness, TelegramReplies, telegramBurst, telegramProbe, type ScenarioContext } from "./harness.js";
import { tally, type Asked, type Row } from "./tally.js";

/** One scenario of the load benchmark. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  run(context: ScenarioContext): Promise<Row[]>;
}

const PROBE_CHAT = 999_001;

/** Waits until no reply was sent for `quietMs` (bounded), so a late duplicate still gets counted. */
async function settle(replies: TelegramReplies, quietMs = 1500, timeoutMs = 15_000): Promise<void> {
  await until(() => Date.now() - Math.max(replies.lastSendAt, 0) >= quietMs, timeoutMs);
}

function stopNote(label: string, stop: { code: number | null; signal: string | null; clean: boolean; stopMs: number }): string {
  return stop.clean ? "" : `${label}: exit ${stop.code ?? stop.signal} after ${(stop.stopMs / 1000).toFixed(1)} s`;
}

function botNotes(bot: BotProcess, replies: TelegramReplies, asked: readonly Asked[]): string[] {
  const notes: string[] = [];
  const chats = new Set(asked.map((request) => Number(request.key.split(":")[0])));
  const stray = [...replies.unattributed].filter(([chat]) => chats.has(chat)).reduce((sum, [, count]) => sum + count, 0);
  if (stray > 0) notes.push(`${stray} sends not threaded to a question`);
  if (bot.blockedConnections() > 0) notes.push(`${bot.blockedConnections()} off-machine connections blocked`);
  return notes;
}

/** 1,000 questions from 200 chats at once; optionally 50 ms per send with a chat outside the burst asking every 200 ms. */
function burst(name: string, title: string, sendLatencyMs: number): Scenario {
  return {
    name,
    title,
    async run(context) {
      const harness = await Harness.create(context, { telegram: true });
      try {
        const server = harness.telegram!;
        const replies = new TelegramReplies(server);
        const bot = await harness.start();
        server.setLatency("sendMessage", sendLatencyMs);
        const probe = sendLatencyMs > 0 ? telegramProbe(server, context.questions, PROBE_CHAT) : undefined;
        const asked = telegramBurst(server, context.questions, 200, 5);
        const drained = await until(() => replies.allAnswered(asked), 180_000);
        probe?.stop();
        await until(() => replies.allAnswered(probe?.asked ?? []), 10_000);
        await settle(replies);
        const memory = bot.peakMemory();
        const stop = await bot.stop();
        const notes = [...botNotes(bot, replies, asked), drained ? "" : "not drained within 180 s", stopNote("stop", stop)].filter(Boolean);
        const rows = [tally(title, asked, replies.of, { memory, notes: notes.join("; ") })];
        if (probe) rows.push(tally(`${title}: the chat outside the burst (every 200 ms)`, probe.asked, replies.of, { lateMs: 2000, memory }));
        return rows;
      } finally {
        await harness.close();
      }
    },
  };
}

/** What the bot's `/readyz` answers now, if it serves one on its PORT. */
async function readiness(bot: BotProcess): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${bot.env.PORT}/readyz`, { signal: AbortSignal.timeout(2000) });
    return `/readyz ${response.status}`;
  } catch {
    return "no /readyz";
  }
}

/** One getUpdates answered 409 Conflict, then questions: does polling resume, does the process survive? */
function conflict(name: string, title: string, withDiscord: boolean): Scenario {
  return {
    name,
    title,
    async run(context) {
      const harness = await Harness.create(context, { telegram: true, discord: withDiscord });
      try {
        const server = harness.telegram!;
        const replies = new TelegramReplies(server);
        const bot = await harness.start();
        const since = Date.now();
        server.failPolls("409");
        const refused = await server.waitForPoll((poll) => poll.status === 409, 15_000).catch(() => undefined);
        const ready = await readiness(bot);
        const asked = telegramBurst(server, context.questions, 5, 4);
        await until(() => replies.allAnswered(asked) || bot.child.exitCode !== null, 30_000);
        await settle(replies, 1000, 5000);
        const polls = server.polls.filter((poll) => poll.at > since && poll.status === 200).length;
        const exit = bot.child.exitCode;
        const memory = bot.peakMemory();
        const stop = exit === null ? await bot.stop() : undefined;
        const notes = [
          refused ? `polls after the 409: ${polls}` : "the bot never polled again to receive the 409",
          `just after the 409: ${ready}`,
          exit !== null ? `the bot process exited with code ${exit}` : "the bot process kept running",
          stop ? stopNote("stop", stop) : "",
          ...botNotes(bot, replies, asked),
        ].filter(Boolean);
        return [tally(title, asked, replies.of, { memory, notes: notes.join("; ") })];
      } finally {
        await harness.close();
      }
    },
  };
}

const faults: Scenario = {
  name: "telegram-faults",
  title: "Telegram: burst of 300, sends 15% 429 / 5% 500 / 3% hanging 10 s",
  async run(context) {
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      const replies = new TelegramReplies(server);
      const bot = await harness.start();
      server.faults({ rate429: 0.15, retryAfter: 1, rate500: 0.05, rateHang: 0.03, hangMs: 10_000, seed: 42, exemptChats: [PROBE_CHAT] });
      const probe = telegramProbe(server, context.questions, PROBE_CHAT);
      const asked = telegramBurst(server, context.questions, 60, 5);
      const drained = await until(() => replies.allAnswered(asked), 300_000);
      probe.stop();
      await until(() => replies.allAnswered(probe.asked), 15_000);
      await settle(replies, 2000, 20_000);
      const faulted = server.calls.filter((call) => call.fault !== undefined);
      const count = (kind: string) => faulted.filter((call) => call.fault === kind).length;
      const memory = bot.peakMemory();
      const stop = await bot.stop();
      const notes = [
        `injected ${count("429")}×429, ${count("500")}×500, ${count("hang")} hangs`,
        drained ? "" : "not drained within 300 s",
        stopNote("stop", stop),
        ...botNotes(bot, replies, asked),
      ];
      return [
        tally(this.title, asked, replies.of, { memory, notes: notes.filter(Boolean).join("; ") }),
        tally("Telegram faults: the chat outside the faults (every 200 ms)", probe.asked, replies.of, { lateMs: 2000, memory }),
      ];
    } finally {
      await harness.close();
    }
  },
};

const duplicate: Scenario = {
  name: "telegram-duplicate",
  title: "Telegram: 100 updates each delivered twice",
  async run(context) {
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      const replies = new TelegramReplies(server);
      const bot = await harness.start();
      const asked = telegramBurst(server, context.questions, 20, 5);
      const ids = [...server.pushes.keys()].slice(-asked.length);
      // Half again at once (before the offset moves), half after they were answered (after it moved).
      ids.filter((_, i) => i % 2 === 0).forEach((id) => server.pushAgain(id));
      await until(() => replies.allAnswered(asked), 60_000);
      ids.filter((_, i) => i % 2 === 1).forEach((id) => server.redeliver(id));
      await until(() => server.pendingCount() === 0, 10_000);
      await settle(replies, 2000);
      const memory = bot.peakMemory();
      const stop = await bot.stop();
      const notes = ["50 pushed again at once, 50 redelivered after the offset moved", stopNote("stop", stop), ...botNotes(bot, replies, asked)];
      return [tally(this.title, asked, replies.of, { memory, notes: notes.filter(Boolean).join("; ") })];
    } finally {
      await harness.close();
    }
  },
};

/**
 * SIGTERM in the middle of a burst of 300 (50 ms per send), then a restart on
 * the same store; `viaNpm` starts it with `npm start` and signals npm only;
 * `secondSignalMs` sends a second SIGTERM that much later (as the tsx CLI's
 * signal relay does), which must not cut the stop short.
 */
function stopAndRestart(name: string, title: string, viaNpm: boolean, secondSignalMs?: number): Scenario {
  return {
    name,
    title,
    async run(context) {
      const harness = await Harness.create(context, { telegram: true });
      try {
        const server = harness.telegram!;
        const replies = new TelegramReplies(server);
        const mode = viaNpm ? "npm" : context.mode;
        const first = await harness.start({ mode });
        server.setLatency("sendMessage", 50);
        const asked = telegramBurst(server, context.questions, 60, 5);
        // 150: in the middle of the bot's second batch of 100 updates, not at a batch boundary.
        await until(() => replies.answered(asked) >= 150, 60_000);
        const answeredAtSignal = replies.answered(asked);
        const signalled = Date.now();
        first.signal("SIGTERM");
        const secondSignal = secondSignalMs === undefined ? undefined : setTimeout(() => first.signal("SIGTERM"), secondSignalMs);
        let note: string;
        if (viaNpm) {
          // As a container does when its PID 1 (npm) exits: everything else in it is killed.
          const exited = await Promise.race([first.exited, sleep(20_000).then(() => undefined)]);
          const npm = exited
            ? `npm exited ${exited.at - signalled} ms after SIGTERM (code ${exited.code ?? "none"}, signal ${exited.signal ?? "none"})`
            : "npm still running 20 s after SIGTERM";
          const bot = first.botAlive() ? "the bot's node process still running" : "the bot's node process gone";
          first.peakMemory();
          first.kill();
          note = `${npm}, ${bot}; then the whole process group killed, as when a container's PID 1 exits`;
        } else {
          const stop = await first.awaitExit(20_000, signalled);
          clearTimeout(secondSignal);
          note = `first run: exit ${stop.code ?? stop.signal} ${(stop.stopMs / 1000).toFixed(1)} s after SIGTERM${stop.clean ? "" : " (not clean)"}`;
        }
        const memoryFirst = first.peakMemory();
        const answeredBeforeRestart = replies.answered(asked);
        const second = await harness.start({ mode });
        await until(() => replies.allAnswered(asked), 120_000);
        await settle(replies, 2000);
        const memorySecond = second.peakMemory();
        const stop = await second.stop();
        const memory = { bot: Math.max(memoryFirst.bot, memorySecond.bot), tree: Math.max(memoryFirst.tree, memorySecond.tree) };
        const notes = [
          `SIGTERM at ${answeredAtSignal} answered, ${answeredBeforeRestart} before the restart`,
          note,
          stopNote("second run stop", stop),
          ...botNotes(first, replies, asked),
        ];
        return [tally(title, asked, replies.of, { memory, notes: notes.filter(Boolean).join("; ") })];
      } finally {
        await harness.close();
      }
    },
  };
}

/** The lease of a claim in the kill scenario: what the killed run was answering is answered again after it. */
const KILL_CLAIM_LEASE_SECONDS = 10;

/**
 * 300 questions, 50 ms per send; the bot's whole process group killed
 * (SIGKILL, as the OOM killer or a container's end) mid-burst, then a
 * restart on the same store. What the killed run fetched is in the store's
 * inbox; a reply it sent but had not yet marked answered is sent again
 * (counted as duplicated: the resend window).
 */
const kill: Scenario = {
  name: "telegram-kill",
  title: "Telegram: killed (SIGKILL to the process group) mid-burst of 300, then restart",
  async run(context) {
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      const replies = new TelegramReplies(server);
      const env = { CLAIM_LEASE_SECONDS: String(KILL_CLAIM_LEASE_SECONDS) };
      const first = await harness.start({ env });
      server.setLatency("sendMessage", 50);
      const asked = telegramBurst(server, context.questions, 60, 5);
      await until(() => replies.answered(asked) >= 150, 60_000);
      const answeredAtKill = replies.answered(asked);
      const memoryFirst = first.peakMemory();
      first.kill();
      await first.exited;
      const confirmed = server.confirmedOffset() - 1;
      const second = await harness.start({ env });
      const restarted = Date.now();
      await until(() => replies.allAnswered(asked), 120_000);
      const restAnsweredS = (Date.now() - restarted) / 1000;
      await settle(replies, 2000);
      const memorySecond = second.peakMemory();
      const stop = await second.stop();
      const memory = { bot: Math.max(memoryFirst.bot, memorySecond.bot), tree: Math.max(memoryFirst.tree, memorySecond.tree) };
      const notes = [
        `SIGKILL at ${answeredAtKill} answered, updates up to ${confirmed} confirmed to Telegram; the rest answered ${restAnsweredS.toFixed(1)} s after the restart; CLAIM_LEASE_SECONDS=${KILL_CLAIM_LEASE_SECONDS} (what the killed run was answering waits out its lease); duplicated = replies in flight at the kill, sent again`,
        stopNote("second run stop", stop),
        ...botNotes(first, replies, asked),
      ];
      return [tally(kill.title, asked, replies.of, { memory, notes: notes.filter(Boolean).join("; ") })];
    } finally {
      await harness.close();
    }
  },
};

const flood: Scenario = {
  name: "telegram-flood",
  title: "Telegram: one user sends 200 messages in 2 s (50 ms per send)",
  async run(context) {
    const harness = await Harness.create(context, { telegram: true });
    try {
      const server = harness.telegram!;
      const replies = new TelegramReplies(server);
      // The bot's default rate limit applies here: RATE_LIMIT is left unset.
      const bot = await harness.start({ env: { RATE_LIMIT: "" } });
      server.setLatency("sendMessage", 50);
      const flooder = 700_001;
      // Ten questions: as many as the default limit allows one person per minute, so the other user is never limited.
      const other = telegramProbe(server, context.questions, 700_002, 200, 10);
      const asked: Asked[] = [];
      for (let i = 0; i < 200; i++) {
        const { messageId } = server.pushText(context.questions[i % context.questions.length] ?? "?", { chatId: flooder });
        asked.push({ key: `${flooder}:${messageId}`, at: Date.now() });
        await sleep(10);
      }
      await until(() => other.asked.length >= 10, 10_000);
      other.stop();
      await until(() => replies.allAnswered(other.asked), 120_000);
      // The flooder may rightly get no more replies: wait for quiet, or every reply.
      await until(() => replies.allAnswered(asked) || Date.now() - replies.lastSendAt > 3000, 120_000);
      await settle(replies, 2000);
      const memory = bot.peakMemory();
      const stop = await bot.stop();
      const floodSends = server.callsOf("sendMessage").filter((call) => call.ok && String(call.payload.chat_id) === String(flooder)).length;
      const notes = [
        `${floodSends} sends to the flooder in all (answers and any rate-limit notice); with a rate limit, its unanswered messages are the ones held back, not lost`,
        stopNote("stop", stop),
        ...botNotes(bot, replies, asked),
      ];
      return [
        tally(this.title, asked, replies.of, { memory, notes: notes.filter(Boolean).join("; ") }),
        tally("Telegram flood: the other user (8 questions, every 300 ms)", other.asked, replies.of, { lateMs: 500, memory }),
      ];
    } finally {
      await harness.close();
    }
  },
};

export const TELEGRAM_SCENARIOS: readonly Scenario[] = [
  burst("telegram-burst", "Telegram: 1,000 questions from 200 chats at once", 0),
  burst("telegram-burst-slow", "Telegram: 1,000 questions from 200 chats, 50 ms per send", 50),
  conflict("telegram-409", "Telegram: one getUpdates answered 409 Conflict, then 20 questions", false),
  conflict("telegram-409-with-discord", "Telegram: one getUpdates answered 409 Conflict, Discord also running, then 20 questions", true),
  faults,
  duplicate,
  stopAndRestart("telegram-sigterm", "Telegram: SIGTERM mid-burst of 300, then restart", false),
  stopAndRestart("telegram-double-sigterm", "Telegram: two SIGTERMs 30 ms apart mid-burst of 300, then restart", false, 30),
  stopAndRestart("telegram-npm-sigterm", "Telegram: SIGTERM to npm only (npm start) mid-burst of 300, then restart", true),
  kill,
  flood,
];
