export type Platform = "discord" | "telegram" | "console";

/** A cited span: which section of which document, and the character offsets inside that document. */
export interface CitedPassage {
  documentId: string;
  sectionSlug: string;
  start: number;
  end: number;
}

/**
 * One answer served. Only what the moderators' loop needs is kept: the
 * question, the outcome and where the answer came from; never the rest of the
 * conversation, and the user only as a salted hash.
 */
export interface AnswerRecord {
  /** Short, URL-safe and unique (≤ 20 characters): it travels in Telegram callback_data (≤ 64 bytes). */
  id: string;
  platform: Platform;
  /** The community it belongs to: `discord:<guild>`, `telegram:<chat>`, or `console` (the operator, who sees all). */
  community: string;
  userHash: string;
  question: string;
  answered: boolean;
  /** The refusal identifier when not answered. */
  identifier?: string;
  passages: CitedPassage[];
  /** Words the corpus lacks, as the refusal reported them; may be empty. */
  missingTerms: string[];
  /** The question's analysed (stemmed) key terms, for grouping gaps. */
  keyTerms: string[];
  corpusVersion: string;
  createdAt: Date;
}

/**
 * Which community's rows a query reads: one community's key, or undefined
 * for every community (the operator's scope, the console and the tools).
 */
export interface Scope {
  readonly community?: string;
}

export interface Gap {
  terms: string[];
  count: number;
  /** At most two distinct questions, most recent first. */
  examples: string[];
}

export interface DownvotedAnswer {
  answerId: string;
  question: string;
  down: number;
  up: number;
  passages: CitedPassage[];
}

export interface TaughtEntry {
  id: number;
  question: string;
  answer: string;
  moderatorName: string;
  moderatorHash: string;
  platform: Platform;
  /** The community it belongs to: `discord:<guild>`, `telegram:<chat>`, or `console` (the operator, who sees all). */
  community: string;
  createdAt: Date;
}

export interface Pin {
  id: number;
  questionKey: string;
  question: string;
  documentId: string;
  sectionSlug: string;
  start: number;
  end: number;
  text: string;
  moderatorHash: string;
  /** The community it belongs to: `discord:<guild>`, `telegram:<chat>`, or `console` (the operator, who sees all). */
  community: string;
  createdAt: Date;
}

/** A token bucket: `burst` requests at once, then one more every `refillEveryMs`. */
export interface RateBucket {
  burst: number;
  refillEveryMs: number;
}

export interface RateHit {
  allowed: boolean;
  /** True for the first refused request since the last allowed one: the one that gets a notice. */
  firstRefusal: boolean;
  /** When refused, how long until a request would be allowed again; 0 when allowed. */
  retryAfterMs: number;
}

/**
 * What claiming a delivery found: this caller now answers it; another caller
 * answered it already (settled); or another caller holds it and its lease
 * still runs, so it may yet answer, or may have died: ask again after
 * `leaseEndsAt`.
 */
export type ClaimOutcome = { readonly outcome: "claimed" } | { readonly outcome: "answered" } | { readonly outcome: "in-progress"; readonly leaseEndsAt: Date };

/**
 * A platform update fetched but not yet answered, kept so that a process
 * killed before answering it answers it at its next start.
 */
export interface InboxEntry {
  /** Whose update: the bot's own id, so bots sharing one database keep theirs apart. */
  readonly source: string;
  readonly updateId: number;
  /** The update as the platform sent it (JSON). */
  readonly payload: string;
  readonly receivedAt: Date;
}

export type VoteOutcome = "recorded" | "changed" | "unchanged" | "unknown-answer";

/** Per-section figures for the report; votes on an answer count for every section it cites. */
export interface SectionStats {
  documentId: string;
  sectionSlug: string;
  cited: number;
  up: number;
  down: number;
}

/** Everything the report shows, for one window of time. */
export interface ReportData {
  since: Date;
  until: Date;
  questions: number;
  answered: number;
  votes: { up: number; down: number };
  /** One entry per UTC day from `since` to `until`, days without questions included. */
  perDay: { day: string; questions: number; answered: number }[];
  /** Sections cited in the window, most cited first. */
  sections: SectionStats[];
  gaps: Gap[];
  mostDownvoted: DownvotedAnswer[];
  /** Taught entries in total (they are not pruned). */
  taught: number;
  pins: number;
  /** Waiting questions in the window: left unanswered in auto-answer channels, not yet taught. */
  waiting: number;
}

/** A question the bot left unanswered in an auto-answer channel because it was not confident. */
export interface WaitingQuestion {
  /** The message's key, `<platform>:<chat>:<message>`. */
  readonly messageKey: string;
  readonly community: string;
  readonly platform: Platform;
  readonly question: string;
  /** A link to the message: a Discord URL, a Telegram `t.me/c/…` link, else `telegram:<chat>:<message>`. */
  readonly link: string;
  readonly keyTerms: readonly string[];
  readonly createdAt: Date;
  /** When a moderator's answer to it was taught. */
  readonly answeredAt?: Date;
}

export type SuggestionStatus = "pending" | "taught" | "ignored";

/** A moderator's (or trusted member's) reply to a question, offered to be taught as its answer. */
export interface Suggestion {
  readonly id: number;
  /** The reply's message key: one suggestion per reply. */
  readonly replyKey: string;
  readonly community: string;
  readonly platform: Platform;
  readonly question: string;
  readonly answer: string;
  readonly authorName: string;
  readonly authorHash: string;
  /** Whether the author moderated the community when they replied (they may then teach it themselves). */
  readonly authorModerator: boolean;
  /** A link to the reply. */
  readonly link: string;
  readonly waitingKey?: string;
  readonly status: SuggestionStatus;
  readonly taughtId?: number;
  readonly createdAt: Date;
}

/** Who a login link (and the session it opens) belongs to: one moderator, in one community. */
export interface SessionGrant {
  readonly platform: Platform;
  /** The moderator's salted hash (`store.hashUser`); the platform id itself is never stored. */
  readonly userHash: string;
  readonly displayName: string;
  /** `discord:<guild id>`, `telegram:<chat id>`, or `console` (the operator, who sees all). */
  readonly communityKey: string;
  readonly communityName?: string;
}

export interface WebSession extends SessionGrant {
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Why a login link opened nothing; each is counted in the metrics. */
export type LinkRefusal = "unknown" | "expired" | "used";

export type Redeemed = { readonly ok: true; readonly grant: SessionGrant } | { readonly ok: false; readonly reason: LinkRefusal };

/** One-time login links from the chat and the web sessions they open (see sessionsRepository.ts). */
export interface Sessions {
  createLink(grant: SessionGrant, now?: Date): Promise<{ token: string; expiresAt: Date }>;
  redeemLink(token: string, now?: Date): Promise<Redeemed>;
  createSession(grant: SessionGrant, now?: Date): Promise<{ id: string; session: WebSession }>;
  findSession(id: string, now?: Date): Promise<WebSession | undefined>;
  endSession(id: string): Promise<void>;
  prune(now?: Date): Promise<number>;
}
