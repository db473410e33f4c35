import { DEFAULT_AUTO_ANSWER_OPTIONS } from "../../answer/judgeMessage.js";
import { autoAnswerStatus, optIn, optOut, setAutoAnswer } from "../../usecases/autoAnswer.js";
import type { Outcome } from "../../usecases/types.js";
import { actorOf as requestActor } from "../actorOf.js";
import type { Turn } from "../Pipeline.js";
import { notice, type Intent, type NoticeIdentifier, type Reply } from "../types.js";

type CommandIntent = Extract<Intent, { kind: "command" }>;

/** The person behind a chat request, as the use cases take them; a platform that cannot say makes no moderator. */
const actorOf = async (turn: Turn) => requestActor(turn.request, await turn.request.isModerator().catch(() => false));

/** `on|off|status` and an optional `threshold:0.8` (or a bare number), from Discord options or the text after the command. */
export function readAutoAnswerArguments(intent: CommandIntent): { mode: "on" | "off" | "status" | undefined; threshold?: number | "bad" } {
  const words = intent.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const given =
    intent.options?.mode?.trim().toLowerCase() ?? words.find((word) => ["on", "off", "status"].includes(word)) ?? (words.length === 0 ? "status" : undefined);
  const mode = given === "on" || given === "off" || given === "status" ? given : undefined;
  const raw = intent.options?.threshold ?? words.map((word) => /^(?:threshold[:=])?([\d.]+)$/.exec(word)?.[1]).find((value) => value !== undefined);
  if (raw === undefined) return { mode };
  const threshold = Number(raw);
  return { mode, threshold: Number.isFinite(threshold) ? threshold : "bad" };
}

function refused(outcome: Outcome<unknown>, turn: Turn, intent: CommandIntent): Reply | undefined {
  if (outcome.ok) return undefined;
  const identifier = outcome.refusal.identifier as NoticeIdentifier;
  if (identifier === "moderators-only") return notice("moderators-only", { command: intent.command });
  if (identifier === "autoanswer-threshold" || identifier === "autoanswer-not-here" || identifier === "store-unavailable") return notice(identifier, {});
  turn.deps.logger.warn({ identifier }, "auto-answer: an unexpected refusal");
  return notice("failed", {});
}

/** `/autoanswer on|off|status [threshold:0.8]`: moderators turn answering without being asked on or off in this channel. */
export async function autoAnswerCommand(turn: Turn, intent: CommandIntent): Promise<Reply> {
  const { mode, threshold } = readAutoAnswerArguments(intent);
  if (mode === undefined) return notice("autoanswer-usage", { command: intent.command });
  if (threshold === "bad") return notice("autoanswer-threshold", {});
  const actor = await actorOf(turn);
  const deps = { store: turn.deps.store };
  const channelId = turn.request.chat.id;
  if (mode === "status") {
    const outcome = await autoAnswerStatus(deps, actor);
    if (!outcome.ok) return refused(outcome, turn, intent) ?? notice("failed", {});
    const channels = outcome.value.map((channel) => ({ channelId: channel.channelId, threshold: channel.threshold ?? DEFAULT_AUTO_ANSWER_OPTIONS.threshold }));
    return notice("autoanswer-status", { channels, here: channels.some((channel) => channel.channelId === channelId) });
  }
  const outcome = await setAutoAnswer(deps, actor, { channelId, on: mode === "on", ...(threshold !== undefined ? { threshold } : {}) });
  if (!outcome.ok) return refused(outcome, turn, intent) ?? notice("failed", {});
  return outcome.value.on
    ? notice("autoanswer-on", { threshold: outcome.value.threshold ?? DEFAULT_AUTO_ANSWER_OPTIONS.threshold })
    : notice("autoanswer-off", {});
}

/** `/optout` and `/optin`: anyone, for themselves; acknowledged privately. */
export async function optCommand(turn: Turn, kind: "optout" | "optin"): Promise<Reply> {
  const actor = await actorOf(turn);
  const deps = { store: turn.deps.store };
  if (kind === "optout") {
    const outcome = await optOut(deps, actor);
    return outcome.ok ? notice("opted-out", {}) : notice("store-unavailable", {});
  }
  const outcome = await optIn(deps, actor);
  return outcome.ok ? notice("opted-in", { wasOptedOut: outcome.value.wasOptedOut }) : notice("store-unavailable", {});
}

/**
 * Dismiss under an automatic answer: the asker or a moderator takes it back.
 * It counts as their 👎 (the `dismissed` metric says why); the adapter
 * deletes the message.
 */
export async function dismiss(turn: Turn, answerId: string): Promise<Reply> {
  const { store, metrics } = turn.deps;
  if (!store) return notice("store-unavailable", {});
  const record = await store.answers.get(answerId);
  if (!record) return notice("answer-unavailable", {});
  const { platform, user } = turn.request;
  const presser = store.hashUser(platform, user.id);
  if (record.userHash !== presser && !(await turn.request.isModerator().catch(() => false))) return notice("dismiss-refused", {});
  const result = await store.answers.vote(answerId, presser, -1);
  if (result === "recorded" || result === "changed") metrics?.voted("down");
  metrics?.dismissed?.(platform);
  return { kind: "delete-answer", answerId };
}
