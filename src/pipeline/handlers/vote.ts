import type { Turn } from "../Pipeline.js";
import { notice, type Reply } from "../types.js";

/**
 * 👍/👎 on an answer: one vote per person per answer, changeable. The
 * acknowledgement is private, so buttons under a group answer never spam it.
 */
export async function vote(turn: Turn, answerId: string, value: 1 | -1): Promise<Reply> {
  const { store, metrics } = turn.deps;
  if (!store) return notice("store-unavailable", {});
  const { platform, user } = turn.request;
  const result = await store.answers.vote(answerId, store.hashUser(platform, user.id), value);
  if (result === "unknown-answer") return notice("answer-unavailable", {});
  if (result !== "unchanged") metrics?.voted(value > 0 ? "up" : "down");
  return notice("vote-recorded", { value, changed: result === "changed" });
}
