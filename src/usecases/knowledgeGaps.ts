import { scopeOf } from "./scope.js";
import type { AnswerService } from "../answer/AnswerService.js";
import type { StoreOf } from "./ports.js";
import { suggestionItem, type SuggestionItem } from "./suggestions.js";
import { done, refuse, MODERATORS_ONLY, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface KnowledgeGapsDeps {
  readonly store?: StoreOf<"gaps" | "learning">;
  /** Quotes the passages of the answers voted down. */
  readonly service: Pick<AnswerService, "quoteAt">;
  readonly now?: () => number;
}

/** Questions the corpus could not answer, grouped by the words they share. */
export interface KnowledgeGap {
  readonly terms: readonly string[];
  readonly count: number;
  /** At most two of the questions. */
  readonly examples: readonly string[];
}

/** An answer people voted down, with the passage it quoted when that is still in the corpus. */
export interface DownvotedAnswerView {
  readonly question: string;
  readonly down: number;
  readonly up: number;
  readonly quote?: string;
  readonly section?: string;
}

export interface KnowledgeGaps {
  readonly days: number;
  /** Questions left unanswered in auto-answer channels, newest first (10), and how many in the window. */
  readonly waiting: { readonly count: number; readonly items: readonly { readonly question: string; readonly link: string }[] };
  /** Moderators' replies waiting to be taught or ignored, newest first (5). */
  readonly suggestions: readonly SuggestionItem[];
  readonly gaps: readonly KnowledgeGap[];
  readonly downvoted: readonly DownvotedAnswerView[];
}

/**
 * What the bot could not answer in the last `days` days: the waiting
 * questions first (members are still waiting on them), the suggested answers
 * to decide on, the top knowledge gaps (10), and the answers voted down most (5).
 */
export async function knowledgeGaps(
  deps: KnowledgeGapsDeps,
  actor: Actor,
  input: { readonly days: number },
): Promise<Outcome<KnowledgeGaps, typeof MODERATORS_ONLY | typeof STORE_UNAVAILABLE>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const { store, service } = deps;
  if (!store) return refuse(STORE_UNAVAILABLE);
  const since = new Date((deps.now ?? Date.now)() - input.days * DAY_MS);
  const [found, down, waiting, suggestions] = await Promise.all([
    store.gaps.list({ since, limit: 10, ...scopeOf(actor) }),
    store.gaps.mostDownvoted({ since, limit: 5, ...scopeOf(actor) }),
    store.learning.listWaiting({ since, limit: 10, ...scopeOf(actor) }),
    store.learning.pendingSuggestions({ limit: 5, ...scopeOf(actor) }),
  ]);
  return done({
    days: input.days,
    waiting: { count: waiting.count, items: waiting.items.map(({ question, link }) => ({ question, link })) },
    suggestions: suggestions.map(suggestionItem),
    gaps: found.map((gap) => ({ terms: gap.terms, count: gap.count, examples: gap.examples.slice(0, 2) })),
    downvoted: down.map((entry) => {
      const passage = entry.passages[0];
      const quote = passage && service.quoteAt(passage.documentId, passage.start, passage.end);
      return { question: entry.question, down: entry.down, up: entry.up, ...(quote ? { quote: quote.text, section: quote.section } : {}) };
    }),
  });
}
