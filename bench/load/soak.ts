/**
 * `npm run bench:load -- --soak MINUTES`: the bot on both platforms for
 * MINUTES under steady mixed traffic, with a fault injected at even
 * intervals, each once per cycle: getUpdates answered 409, a spell of 5xx
 * (Telegram sends and Discord callbacks), a restart with a clean stop
 * (SIGTERM), and a kill (SIGKILL to the process group) followed by a
 * restart. Reports lost / duplicated / late per platform, and the bot's
 * resident memory over time as a slope per hour (fitted over each run of
 * the bot after its first minute's warm-up, weighted by length).
 */
import { chatInputInteraction } from "../../tests/fakes/discordInteractions.js";
import { sleep, until, type BotProcess } from "./botProcess.js";
import { discordRow } from "./discordScenarios.js";
import { Harness, TelegramReplies } from "./harness.js";
import { tally, type Asked, type Row } from "./tally.js";
import type { Scenario } from "./telegramScenarios.js";

/** How the traffic and the faults are paced. */
const SOAK = {
  /** One Telegram question every … ms, from one of `chats` private chats in turn. */
  telegramEveryMs: 250,
  chats: 40,
  /** One Discord /ask every … ms, from one of 20 users in turn. */
  discordEveryMs: 500,
  /** How long a spell of 5xx lasts. */
  errorSpellMs: 20_000,
  /** Memory is sampled this often; the first minute of each run is its warm-up. */
  memoryEveryMs: 5_000,
  warmUpMs: 60_000,
  /** A Telegram reply later than this counts as late (Discord: its 3-second window). */
  telegramLateMs: 5_000,
} as const;

const FAULTS = ["409", "5xx", "clean restart", "kill"] as const;

/** Least-squares slope of (t ms, MiB) samples, in MiB per hour; undefined under three samples. */
function slopePerHour(samples: ReadonlyArray<{ t: number; mib: number }>): number | undefined {
  if (samples.length < 3) return undefined;
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.t, 0) / n;
  const meanM = samples.reduce((sum, s) => sum + s.mib, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (s.mib - meanM);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

export function soak(minutes: number): Scenario {
  return {
    name: "soak",
    title: `Soak: ${minutes} min, both platforms (Telegram every ${SOAK.telegramEveryMs} ms, Discord every ${SOAK.discordEveryMs} ms), faults ${FAULTS.join(", ")} in turn`,
    async run(context) {
      const harness = await Harness.create(context, { telegram: true, discord: true });
      try {
        const telegram = harness.telegram!;
        const discord = harness.discord!;
        const replies = new TelegramReplies(telegram);
        // A short lease: what a killed run was answering is answered again seconds later, not minutes.
        const env = { CLAIM_LEASE_SECONDS: "10" };
        let bot: BotProcess = await harness.start({ env });
        let up = true;
        const runs: Array<Array<{ t: number; mib: number }>> = [[]];
        let runStarted = Date.now();
        const memory = setInterval(() => {
          if (up && Date.now() - runStarted >= SOAK.warmUpMs) runs.at(-1)!.push({ t: Date.now(), mib: bot.residentMiB() });
        }, SOAK.memoryEveryMs);
        const telegramAsked: Asked[] = [];
        const discordAsked: Asked[] = [];
        let n = 0;
        let heldInteractions = 0;
        const telegramTraffic = setInterval(() => {
          const chatId = 300_000 + (n % SOAK.chats);
          const { messageId } = telegram.pushText(context.questions[n++ % context.questions.length] ?? "what happened?", { chatId });
          telegramAsked.push({ key: `${chatId}:${messageId}`, at: Date.now() });
        }, SOAK.telegramEveryMs);
        let m = 0;
        const discordTraffic = setInterval(() => {
          // Discord delivers interactions only to a connected bot; users meanwhile see it offline.
          if (!up || discord.connectedClients() === 0) {
            heldInteractions++;
            return;
          }
          const interaction = chatInputInteraction(
            "ask",
            { question: context.questions[(m * 7) % context.questions.length] ?? "?" },
            { user: { id: String(730_000_000_000_000_000n + BigInt(m % 20)) } },
          );
          m++;
          discord.dispatch(interaction);
          discordAsked.push({ key: String(interaction.id), at: Date.now() });
        }, SOAK.discordEveryMs);

        const restart = async (how: "clean" | "kill") => {
          up = false;
          if (how === "clean") await bot.stop();
          else {
            bot.kill();
            await bot.exited;
          }
          bot = await harness.start({ env });
          runs.push([]);
          runStarted = Date.now();
          up = true;
        };
        const events: string[] = [];
        const end = Date.now() + minutes * 60_000;
        const every = (minutes * 60_000) / (FAULTS.length + 1);
        try {
          for (let i = 0; Date.now() + every <= end; i++) {
            await sleep(every);
            const fault = FAULTS[i % FAULTS.length]!;
            const at = ((Date.now() - (end - minutes * 60_000)) / 60_000).toFixed(1);
            if (fault === "409") telegram.failPolls("409", 1);
            else if (fault === "5xx") {
              telegram.faults({ rate500: 0.3, seed: 11 + i });
              discord.faults({ rate500: 0.3, seed: 13 + i });
              await sleep(SOAK.errorSpellMs);
              telegram.faults();
              discord.faults();
            } else await restart(fault === "kill" ? "kill" : "clean");
            events.push(`${fault} at ${at} min`);
          }
          await sleep(Math.max(0, end - Date.now()));
        } finally {
          clearInterval(telegramTraffic);
          clearInterval(discordTraffic);
        }
        await until(() => replies.allAnswered(telegramAsked), 60_000);
        await sleep(3000);
        clearInterval(memory);
        const peak = bot.peakMemory();
        await bot.stop();
        const weighted = runs.flatMap((samples) => {
          const slope = slopePerHour(samples);
          return slope === undefined ? [] : [{ slope, span: samples.at(-1)!.t - samples[0]!.t }];
        });
        const span = weighted.reduce((sum, run) => sum + run.span, 0);
        const slope = span > 0 ? weighted.reduce((sum, run) => sum + run.slope * run.span, 0) / span : undefined;
        const all = runs.flat();
        const memoryNote =
          all.length > 0
            ? `resident memory after warm-up ${Math.min(...all.map((s) => s.mib)).toFixed(0)}–${Math.max(...all.map((s) => s.mib)).toFixed(0)} MiB, slope ${slope === undefined ? "–" : `${slope >= 0 ? "+" : ""}${slope.toFixed(1)} MiB/h`} (${runs.length} runs of the bot)`
            : "too short for a memory slope";
        const notes = [events.join(", "), memoryNote];
        const telegramRow = tally(`${this.title}: Telegram`, telegramAsked, replies.of, { lateMs: SOAK.telegramLateMs, memory: peak, notes: notes.join("; ") });
        const discordRowResult = discordRow(`${this.title}: Discord`, discord, discordAsked, peak, [
          heldInteractions > 0 ? `${heldInteractions} ticks without a connected bot (not sent)` : "",
        ]);
        return [telegramRow, discordRowResult] satisfies Row[];
      } finally {
        await harness.close();
      }
    },
  };
}
