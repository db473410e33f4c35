import type { SourceInfo } from "../../answer/types.js";
import type { WebSourceStatus } from "../../pipeline/types.js";
import type { ReportData, TaughtEntry } from "../../store/index.js";
import type { KnowledgeGaps } from "../../usecases/knowledgeGaps.js";
import type { SuggestionItem } from "../../usecases/suggestions.js";
import type { Actor, Outcome } from "../../usecases/types.js";

/** A pin as the page lists it: whether its quote is still in the corpus as pinned. */
export interface PinView {
  readonly questionKey: string;
  readonly question: string;
  readonly text: string;
  readonly documentId: string;
  readonly sectionSlug: string;
  readonly holds: boolean;
  readonly createdAt: Date;
}

export interface CorpusView {
  readonly version: string;
  readonly documents: readonly SourceInfo[];
}

/** A channel where answering without being asked is on (issue 18). */
export interface AutoAnswerView {
  readonly communityKey: string;
  readonly channelId: string;
  /** Least confidence to answer; absent: the bot's default. */
  readonly threshold?: number;
  readonly enabledAt: Date;
}

export interface ReloadView {
  readonly version: string;
  readonly changed: boolean;
}

/**
 * The moderators' actions as the web pages need them: the use cases
 * (src/usecases), each a function of the actor and its input returning an
 * Outcome, so the page and the chat command share checks and effect. The
 * page never reaches the store itself.
 */
export interface AdminActions {
  overview(actor: Actor, input: { days: number }): Promise<Outcome<ReportData>>;
  /** The waiting questions first, then the knowledge gaps. */
  knowledgeGaps(actor: Actor, input: { days: number }): Promise<Outcome<Pick<KnowledgeGaps, "waiting" | "gaps">>>;
  /** Moderators' replies offered as answers, not decided yet. */
  listSuggestions(actor: Actor): Promise<Outcome<readonly SuggestionItem[]>>;
  decideSuggestion(actor: Actor, input: { id: number; decision: "teach" | "ignore" }): Promise<Outcome<{ id: number }>>;
  listTaught(actor: Actor): Promise<Outcome<readonly TaughtEntry[]>>;
  teach(actor: Actor, input: { question: string; answer: string }): Promise<Outcome<{ id: number }>>;
  editTaught(actor: Actor, input: { id: number; question: string; answer: string }): Promise<Outcome<{ id: number }>>;
  removeTaught(actor: Actor, input: { id: number }): Promise<Outcome<{ id: number }>>;
  listPins(actor: Actor): Promise<Outcome<readonly PinView[]>>;
  unpin(actor: Actor, input: { questionKey: string }): Promise<Outcome<{ questionKey: string }>>;
  listSources(actor: Actor): Promise<Outcome<{ documents: readonly SourceInfo[]; web: readonly WebSourceStatus[] }>>;
  /** Fetches a web source now; the page says whether it worked. */
  fetchSourceNow(actor: Actor, input: { url: string }): Promise<Outcome<{ url: string; failed: boolean }>>;
  corpus(actor: Actor): Promise<Outcome<CorpusView>>;
  reloadCorpus(actor: Actor): Promise<Outcome<ReloadView>>;
  /** The three auto-answer actions are absent where auto-answering is not set up: the page then says so. */
  autoAnswer?(actor: Actor): Promise<Outcome<readonly AutoAnswerView[]>>;
  /** Switches it on in a channel of the actor's community (the operator names the community). */
  enableAutoAnswer?(actor: Actor, input: { communityKey?: string; channelId: string; threshold?: number }): Promise<Outcome<{ channelId: string }>>;
  disableAutoAnswer?(actor: Actor, input: { communityKey: string; channelId: string }): Promise<Outcome<{ channelId: string }>>;
}
