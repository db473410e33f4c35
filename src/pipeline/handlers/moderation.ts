import type { Snippet } from "../../answer/types.js";
import type { CommandDefinition } from "../../commands/types.js";
import { MAX_TAUGHT_LENGTH } from "../parseArguments.js";
import type { Turn } from "../Pipeline.js";
import { StoreWriteError, type CitedPassage } from "../../store/index.js";
import { notice, type Reply } from "../types.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A one-time link to the moderators' web page, bound to the asker and to
 * the community of the chat they asked in (the console: the operator's).
 */
export async function adminLink(turn: Turn, command: CommandDefinition): Promise<Reply> {
  const { store, loginLinks } = turn.deps;
  if (!store) return notice("store-unavailable", {});
  if (!loginLinks) return notice("admin-unavailable", {});
  const { platform, user, chat } = turn.request;
  if (!chat.community) return notice("admin-no-community", { command });
  const link = await loginLinks({
    platform,
    userHash: store.hashUser(platform, user.id),
    displayName: user.displayName,
    communityKey: chat.community.key,
    ...(chat.community.name ? { communityName: chat.community.name } : {}),
  });
  return { kind: "admin-link", url: link.url, expiresAt: link.expiresAt };
}

/** Rebuilds the answer service from the corpus folder now, keeping the old one if that fails. */
export async function reload(turn: Turn): Promise<Reply> {
  const { services } = turn.deps;
  if (!services.reload) return notice("reload-unavailable", {});
  const outcome = await services.reload("/reload");
  return outcome.ok
    ? notice("reload-done", { version: outcome.version, ms: Math.round(outcome.ms), changed: outcome.changed })
    : notice("reload-failed", { message: outcome.error.message });
}

/** The top knowledge gaps of the last `days` days, and the answers voted down most. */
export async function gaps(turn: Turn, days: number): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  const since = new Date(Date.now() - days * DAY_MS);
  const [found, down] = await Promise.all([store.gaps({ since, limit: 10 }), store.mostDownvoted({ since, limit: 5 })]);
  return {
    kind: "gaps",
    days,
    gaps: found.map((gap) => ({ terms: gap.terms, count: gap.count, examples: gap.examples.slice(0, 2) })),
    downvoted: down.map((entry) => {
      const quote = entry.passages[0] && quoteOf(turn, entry.passages[0]);
      return { question: entry.question, down: entry.down, up: entry.up, ...(quote ? { quote: quote.text, section: quote.section } : {}) };
    }),
  };
}

/** The answer the replied-to message carried: said by the message itself, or remembered in the store. */
async function repliedAnswerId(turn: Turn): Promise<string | undefined> {
  const { replyTo } = turn.request;
  if (replyTo?.answerId !== undefined) return replyTo.answerId;
  if (replyTo?.messageKey === undefined) return undefined;
  return turn.deps.store?.answerOfMessage(replyTo.messageKey);
}

/**
 * Teaches the bot an answer: stored, then indexed at once through a reload,
 * as a passage of the document "Moderators' answers" cited with the
 * moderator's name and the date.
 */
export async function teach(turn: Turn, command: CommandDefinition, args: { question: string; answer: string }): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  let { question } = args;
  // Replying to one of the bot's answers or refusals teaches the question it was asked.
  const repliedAnswer = question.trim() === "" ? await repliedAnswerId(turn) : undefined;
  if (repliedAnswer !== undefined) question = (await store.getAnswer(repliedAnswer))?.question ?? question;
  const answer = args.answer.trim();
  question = question.trim();
  if (question === "" || answer === "") return notice("teach-usage", { command });
  if (answer.length > MAX_TAUGHT_LENGTH) return notice("teach-too-long", { length: answer.length, max: MAX_TAUGHT_LENGTH });
  if (question.length > MAX_TAUGHT_LENGTH) return notice("teach-too-long", { length: question.length, max: MAX_TAUGHT_LENGTH });
  const { platform, user } = turn.request;
  const entry = await storeOrRefuse(() =>
    store.addTaught({ question, answer, moderatorName: user.displayName, moderatorHash: store.hashUser(platform, user.id), platform }),
  );
  if (entry === undefined) return notice("store-unavailable", {});
  await turn.deps.services.reload?.("taught answer");
  return notice("taught", { id: entry.id, question });
}

/** The write's result, or undefined when the store could not keep it (the moderator is told, not thanked). */
async function storeOrRefuse<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StoreWriteError) return undefined;
    throw error;
  }
}

export async function taught(turn: Turn): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  const entries = await store.listTaught();
  return {
    kind: "taught-list",
    entries: entries.map((entry) => ({
      id: entry.id,
      question: entry.question,
      answer: entry.answer,
      moderator: entry.moderatorName,
      date: entry.createdAt.toISOString().slice(0, 10),
    })),
  };
}

export async function untaught(turn: Turn, id: string): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  const number = Number(id);
  if (!Number.isInteger(number) || number <= 0 || !(await store.removeTaught(number))) return notice("untaught-unknown", { id });
  await turn.deps.services.reload?.("taught answer removed");
  return notice("untaught", { id: number });
}

/**
 * Pins a quote as the answer to the question an answer was given for:
 * `/pin <n>` replying to the answer (Telegram, console), or a choice from
 * the list (Discord). Without a choice, lists the quotes to choose from.
 */
export async function pin(turn: Turn, command: CommandDefinition, n: number | undefined): Promise<Reply> {
  const store = turn.deps.store;
  if (!store) return notice("store-unavailable", {});
  const answerId = await repliedAnswerId(turn);
  if (answerId === undefined) return notice("not-an-answer", { command });
  const record = await store.getAnswer(answerId);
  if (!record || !record.answered) return record ? notice("not-an-answer", { command }) : notice("answer-unavailable", {});
  const choices = pinChoices(turn, record.passages);
  if (choices.length === 0) return notice("answer-unavailable", {});
  const chosen = n === undefined ? undefined : choices[n - 1];
  if (!chosen) return { kind: "pin-choices", answerId, choices: choices.map((choice, i) => ({ n: i + 1, label: choice.text })), command };
  const { platform, user } = turn.request;
  const pinned = await storeOrRefuse(() =>
    store.addPin({
      questionKey: turn.service.keyTerms(record.question).join(" "),
      question: record.question,
      documentId: chosen.documentId,
      sectionSlug: chosen.sectionSlug,
      start: chosen.start,
      end: chosen.end,
      text: chosen.text,
      moderatorHash: store.hashUser(platform, user.id),
    }),
  );
  if (pinned === undefined) return notice("store-unavailable", {});
  return notice("pinned", { n: n ?? 1, question: record.question, section: chosen.section });
}

/** The answer's quotes and the sentences next to them, each once, in order. */
function pinChoices(turn: Turn, passages: readonly CitedPassage[]): Snippet[] {
  const seen = new Set<string>();
  const choices: Snippet[] = [];
  for (const passage of passages) {
    const quote = quoteOf(turn, passage);
    if (!quote) continue;
    for (const choice of [quote, ...turn.service.neighbours(quote.documentId, quote.start, quote.end)]) {
      const key = `${choice.documentId}:${choice.start}:${choice.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      choices.push(choice);
    }
  }
  return choices.slice(0, 10);
}

function quoteOf(turn: Turn, passage: CitedPassage): Snippet | undefined {
  return turn.service.quoteAt(passage.documentId, passage.start, passage.end);
}
