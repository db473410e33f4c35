import { decideSuggestion } from "../../usecases/suggestions.js";
import { actorOf } from "../actorOf.js";
import type { Turn } from "../Pipeline.js";
import { notice, type Reply } from "../types.js";

/**
 * ✅ Teach / ✖ Ignore on a suggested answer, pressed in the private chat the
 * bot asked in or under `/gaps`. Whether the presser moderates is asked only
 * where there is a community to moderate: in a private chat, the use case
 * lets the suggestion's author (a moderator when they replied) decide.
 */
export async function suggestion(turn: Turn, id: number, decision: "teach" | "ignore"): Promise<Reply> {
  const actor = await actorOf(turn.request, turn.request.chat.private ? false : undefined);
  const outcome = await decideSuggestion({ store: turn.deps.store, services: turn.deps.services }, actor, { id, decision });
  if (!outcome.ok) {
    const { identifier } = outcome.refusal;
    if (identifier === "moderators-only" || identifier === "teach-usage" || identifier === "teach-too-long") return notice("suggestion-unknown", {});
    return notice(identifier, {});
  }
  const { value } = outcome;
  return value.decision === "taught"
    ? notice("suggestion-taught", { id: value.entry.id, question: value.entry.question, author: value.entry.moderatorName })
    : notice("suggestion-ignored", {});
}
