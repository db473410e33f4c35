import type { CommandDefinition } from "../../commands/types.js";
import { knowledgeGaps } from "../../usecases/knowledgeGaps.js";
import { listTaught } from "../../usecases/listTaught.js";
import { pinAnswer } from "../../usecases/pinAnswer.js";
import { reloadCorpus } from "../../usecases/reloadCorpus.js";
import { removeTaught } from "../../usecases/removeTaught.js";
import { teach as teachAnswer } from "../../usecases/teach.js";
import type { Community, Refusal } from "../../usecases/types.js";
import { actorOf } from "../actorOf.js";
import type { Turn } from "../Pipeline.js";
import { notice, type NoticeContext, type NoticeIdentifier, type Reply } from "../types.js";

/**
 * The moderators' commands: each calls its use case (see src/usecases) and
 * turns the outcome into the reply chat has always given. The dispatcher has
 * checked the person moderates here before any of these runs.
 */

/** Refusals whose wording shows the command's usage, so their notice names it. */
const NAMING_THE_COMMAND: ReadonlySet<string> = new Set(["teach-usage", "moderators-only", "not-an-answer"]);

/** A use case's refusal as the notice chat has always shown for it (the identifiers are the same). */
function refusalNotice(refusal: Refusal, command: CommandDefinition): Reply {
  const context = { ...refusal.context, ...(NAMING_THE_COMMAND.has(refusal.identifier) ? { command } : {}) };
  return notice(refusal.identifier as NoticeIdentifier, context as NoticeContext[NoticeIdentifier]);
}

/**
 * A one-time link to the moderators' web page, bound to the asker and to
 * the community of the chat they asked in (the console: the operator's).
 */
/** Whether anyone moderates here: a server, a group, the console; not a direct message or a private chat. */
export function moderated(community: Community): boolean {
  return community.key !== "discord:dm" && community.key !== "telegram:private";
}

export async function adminLink(turn: Turn, command: CommandDefinition): Promise<Reply> {
  const { store, loginLinks } = turn.deps;
  if (!store) return notice("store-unavailable", {});
  if (!loginLinks) return notice("admin-unavailable", {});
  const { platform, user, community } = turn.request;
  if (!moderated(community)) return notice("admin-no-community", { command });
  const link = await loginLinks({
    platform,
    userHash: store.hashUser(platform, user.id),
    displayName: user.displayName,
    communityKey: community.key,
    ...(community.name ? { communityName: community.name } : {}),
  });
  return { kind: "admin-link", url: link.url, expiresAt: link.expiresAt };
}

/** Rebuilds the answer service from the corpus folder now, keeping the old one if that fails. */
export async function reload(turn: Turn, command: CommandDefinition): Promise<Reply> {
  const outcome = await reloadCorpus(turn.deps, await actorOf(turn.request, true), { reason: "/reload" });
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  const { version, ms, changed } = outcome.value;
  return notice("reload-done", { version, ms: Math.round(ms), changed });
}

/** The top knowledge gaps of the last `days` days, and the answers voted down most. */
export async function gaps(turn: Turn, command: CommandDefinition, days: number): Promise<Reply> {
  const outcome = await knowledgeGaps({ store: turn.deps.store, service: turn.service }, await actorOf(turn.request, true), { days });
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  return { kind: "gaps", ...outcome.value };
}

/** The answer the replied-to message carried: said by the message itself, or remembered in the store. */
async function repliedAnswerId(turn: Turn): Promise<string | undefined> {
  const { replyTo } = turn.request;
  if (replyTo?.answerId !== undefined) return replyTo.answerId;
  if (replyTo?.messageKey === undefined) return undefined;
  return turn.deps.store?.answers.answerOfMessage(replyTo.messageKey);
}

/**
 * Teaches the bot an answer. Replying to one of the bot's answers or
 * refusals with only an answer teaches the question it was asked.
 */
export async function teach(turn: Turn, command: CommandDefinition, args: { question: string; answer: string }): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  let { question } = args;
  const repliedAnswer = question.trim() === "" ? await repliedAnswerId(turn) : undefined;
  if (repliedAnswer !== undefined) question = (await store.answers.get(repliedAnswer))?.question ?? question;
  const outcome = await teachAnswer(turn.deps, await actorOf(turn.request, true), { question, answer: args.answer });
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  return notice("taught", { id: outcome.value.id, question: outcome.value.question });
}

export async function taught(turn: Turn, command: CommandDefinition): Promise<Reply> {
  const outcome = await listTaught(turn.deps, await actorOf(turn.request, true));
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  return {
    kind: "taught-list",
    entries: outcome.value.map((entry) => ({
      id: entry.id,
      question: entry.question,
      answer: entry.answer,
      moderator: entry.moderatorName,
      date: entry.createdAt.toISOString().slice(0, 10),
    })),
  };
}

export async function untaught(turn: Turn, command: CommandDefinition, id: string): Promise<Reply> {
  const outcome = await removeTaught(turn.deps, await actorOf(turn.request, true), { id });
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  return notice("untaught", { id: outcome.value.id });
}

/**
 * Pins a quote as the answer to the question an answer was given for:
 * `/pin <n>` replying to the answer (Telegram, console), or a choice from
 * the list (Discord). Without a choice, lists the quotes to choose from.
 */
export async function pin(turn: Turn, command: CommandDefinition, n: number | undefined): Promise<Reply> {
  if (!turn.deps.store) return notice("store-unavailable", {});
  const answerId = await repliedAnswerId(turn);
  if (answerId === undefined) return notice("not-an-answer", { command });
  const outcome = await pinAnswer({ store: turn.deps.store, service: turn.service }, await actorOf(turn.request, true), {
    answerId,
    ...(n === undefined ? {} : { n }),
  });
  if (!outcome.ok) return refusalNotice(outcome.refusal, command);
  const result = outcome.value;
  if (result.kind === "choices") return { kind: "pin-choices", answerId: result.answerId, choices: result.choices, command };
  return notice("pinned", { n: result.n, question: result.question, section: result.section });
}
