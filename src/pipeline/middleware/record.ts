import { randomBytes } from "node:crypto";
import type { Answer } from "../../answer/types.js";
import type { Middleware } from "../Pipeline.js";
import { StoreWriteError, type CitedPassage } from "../../store/index.js";
import type { Reply } from "../types.js";

/**
 * An answer id: 12 URL-safe characters (72 random bits), short enough for a
 * Telegram button's 64-byte `callback_data` and a Discord `custom_id`.
 */
export function newAnswerId(): string {
  return randomBytes(9).toString("base64url");
}

/** Words the corpus lacks, as the refusal found them; they name a knowledge gap best. */
function missingTerms(answer: Answer): string[] {
  if (answer.answered) return [];
  if (answer.identifier === "not-in-corpus") return [...answer.context.missing];
  if (answer.identifier === "unknown-names") return [...answer.context.names];
  return [];
}

/**
 * Records every answer served (answered or refused) and gives it an id, so
 * people can vote on it and moderators can find what the corpus lacks; adds
 * the 👍/👎 action to answers that quote something. Metrics are counted here
 * too, after the reply is known. A store that fails costs the record and
 * the buttons, never the answer.
 */
export const record: Middleware = async (turn, next) => {
  const reply = await next();
  if (reply.kind !== "answer") return reply;
  const { request, service, deps, started } = turn;
  const { answer } = reply;
  deps.metrics?.answered(
    request.platform,
    answer.answered ? "answered" : "refused",
    answer.answered ? undefined : answer.identifier,
    (performance.now() - started) / 1000,
  );
  const { store } = deps;
  // Input problems (empty, too long) say nothing about the corpus.
  if (!store || (!answer.answered && answer.identifier !== "not-in-corpus" && answer.identifier !== "unknown-names")) return reply;
  // Inline queries arrive as the person types (one per pause), and their results carry no buttons to vote with:
  // recording them would fill the store with half-typed questions.
  if (request.intent.kind === "question" && request.intent.preview) return reply;
  const id = newAnswerId();
  const passages: CitedPassage[] = answer.snippets.map(({ documentId, sectionSlug, start, end }) => ({ documentId, sectionSlug, start, end }));
  try {
    await store.answers.record({
      id,
      platform: request.platform,
      community: request.community.key,
      userHash: store.hashUser(request.platform, request.user.id),
      question: answer.question,
      answered: answer.answered,
      ...(answer.answered ? {} : { identifier: answer.identifier }),
      passages,
      missingTerms: missingTerms(answer),
      keyTerms: service.keyTerms(answer.question),
      corpusVersion: service.version,
      createdAt: new Date(),
    });
  } catch (error) {
    // The store already said it cannot write (once, not per answer); anything else is news.
    if (error instanceof StoreWriteError) deps.logger.debug({ err: error.message }, "answer not recorded; answering without feedback buttons");
    else deps.logger.warn({ err: error }, "could not record an answer; answering without feedback buttons");
    return reply;
  }
  const withId: Reply = { ...reply, answerId: id, actions: answer.answered ? [...reply.actions, { kind: "feedback", answerId: id }] : reply.actions };
  return withId;
};
