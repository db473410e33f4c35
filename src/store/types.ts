import type { AutoAnswerRepository } from "./autoAnswerRepository.js";

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
}

export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /** Auto-answering's settings and state (issue 18); absent on stores that keep none. */
  readonly autoAnswer?: AutoAnswerRepository;
  /** False while the database cannot be reached (for /readyz); the store then answers with empty results. */
  readonly healthy: boolean;
  /**
   * A cheap write that fails as real writes would (read-only database, full
   * disk, a SQLite file deleted while open); for readiness. Optional: a store
   * without it counts as writable while reachable.
   */
  probeWrite?(): Promise<void>;
  /** Salted SHA-256 (HMAC) of a platform user id; the only form in which users are stored. */
  hashUser(platform: Platform, userId: string): string;
  recordAnswer(record: AnswerRecord): Promise<void>;
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  /** One vote per user per answer, changeable. */
  vote(answerId: string, userHash: string, value: 1 | -1): Promise<VoteOutcome>;
  votes(answerId: string): Promise<{ up: number; down: number }>;
  /** Refusals and net-👎 answers since `since`, grouped (see groupGaps); `limit` defaults to 10. */
  gaps(options: { since: Date; limit?: number }): Promise<Gap[]>;
  /** Answers with more 👎 than 👍 since `since`, most 👎 first; `limit` defaults to 10. */
  mostDownvoted(options: { since: Date; limit?: number }): Promise<DownvotedAnswer[]>;
  addTaught(entry: Omit<TaughtEntry, "id" | "createdAt">): Promise<TaughtEntry>;
  /** Oldest first. */
  listTaught(): Promise<TaughtEntry[]>;
  removeTaught(id: number): Promise<boolean>;
  /** Changes a taught entry's question and/or answer; undefined when there is no such entry. */
  updateTaught(id: number, change: { question?: string; answer?: string }): Promise<TaughtEntry | undefined>;
  /** One pin per questionKey: a new pin for the same key replaces the old one. */
  addPin(pin: Omit<Pin, "id" | "createdAt">): Promise<Pin>;
  findPin(questionKey: string): Promise<Pin | undefined>;
  listPins(): Promise<Pin[]>;
  removePin(questionKey: string): Promise<boolean>;
  /**
   * Remembers that a message the bot sent (`messageKey`, the platform's own
   * reference to it) carried an answer; kept as long as the answer. The key
   * is stored as a salted hash: a Telegram private chat's id is its user's id.
   */
  linkMessage(messageKey: string, answerId: string): Promise<void>;
  /** The answer a message of the bot's carried, if it is known. */
  answerOfMessage(messageKey: string): Promise<string | undefined>;
  /**
   * Claims a delivery for `leaseMs`, across replicas and restarts: the first
   * caller gets it; while its lease runs, others hear "in-progress"; once it
   * is settled, "answered". A lease that ran out unsettled (its holder died
   * mid-answer) goes to the next caller. Claims are pruned after a day.
   * `now` is for tests.
   */
  claim(key: string, leaseMs: number, now?: Date): Promise<ClaimOutcome>;
  /** Marks a claimed delivery answered: redeliveries of it are dropped from now on. */
  settle(key: string): Promise<void>;
  /**
   * Takes one request from `key`'s token bucket, kept in the database so
   * every replica shares it, in one atomic statement. A burst or refill of 0
   * or less means no limit (nothing is counted). `now` is for tests.
   */
  take(key: string, bucket: RateBucket, now?: Date): Promise<RateHit>;
  /** Keeps fetched updates until they are answered; one already kept stays as it was. */
  keepInbox(entries: readonly InboxEntry[]): Promise<void>;
  /** The updates `source` fetched and has not answered, in the order fetched (update id). */
  inbox(source: string): Promise<InboxEntry[]>;
  /** Forgets an update once it is answered (or given up for good). */
  dropInbox(source: string, updateId: number): Promise<void>;
  /** Forgets updates received before `before`, of every source; resolves to how many. */
  pruneInbox(before: Date): Promise<number>;
  /** Deletes answers and their votes older than the retention, claims older than a day, rate buckets that are full again. */
  prune(now?: Date): Promise<void>;
  stats(options: { since: Date; until?: Date }): Promise<ReportData>;
  /** PostgreSQL NOTIFY (reaches every replica); SQLite: this process only. */
  publish(channel: string, payload: string): Promise<void>;
  /** PostgreSQL LISTEN on a dedicated connection that reconnects; resolves to an unsubscribe function. */
  subscribe(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
