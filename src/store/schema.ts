import type { Generated } from "kysely";

/**
 * The tables as Kysely sees them. Times are milliseconds since the epoch and
 * booleans 0/1, so both engines store and compare them the same way; lists
 * are JSON text.
 */
export interface Database {
  answers: {
    id: string;
    platform: string;
    user_hash: string;
    question: string;
    answered: number;
    identifier: string | null;
    passages: string;
    missing_terms: string;
    key_terms: string;
    corpus_version: string;
    /** The community the row belongs to (`discord:<guild>`, `telegram:<chat>`, `console`). */
    community: Generated<string>;
    created_at: number;
  };
  votes: {
    answer_id: string;
    user_hash: string;
    value: number;
    created_at: number;
  };
  taught: {
    id: Generated<number>;
    question: string;
    answer: string;
    moderator_name: string;
    moderator_hash: string;
    platform: string;
    /** The community the row belongs to (`discord:<guild>`, `telegram:<chat>`, `console`). */
    community: Generated<string>;
    created_at: number;
  };
  pins: {
    id: Generated<number>;
    question_key: string;
    question: string;
    document_id: string;
    section_slug: string;
    start_offset: number;
    end_offset: number;
    text: string;
    moderator_hash: string;
    /** The community the row belongs to (`discord:<guild>`, `telegram:<chat>`, `console`). */
    community: Generated<string>;
    created_at: number;
  };
  claims: {
    key: string;
    created_at: number;
    /** Epoch ms until which the claimant may still answer; after that, unsettled, the claim can be taken over. */
    lease_until: number;
    /** 1 once answered. */
    settled: number;
  };
  sent_messages: {
    message_key: string;
    answer_id: string;
    created_at: number;
  };
  inbox: {
    source: string;
    update_id: number;
    payload: string;
    received_at: number;
  };
  rate_windows: {
    key: string;
    window_start: number;
    expires_at: number;
    count: number;
  };
  login_links: {
    token_hash: string;
    user_hash: string;
    display_name: string;
    platform: string;
    community_key: string;
    community_name: string | null;
    created_at: number;
    expires_at: number;
    /** Set when the link was used: a link opens one session only. */
    used_at: number | null;
  };
  sessions: {
    id_hash: string;
    user_hash: string;
    display_name: string;
    platform: string;
    community_key: string;
    community_name: string | null;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
  store_meta: {
    key: string;
    value: string;
  };
  /** Where the bot answers on its own (see autoAnswerRepository.ts). */
  /** Questions left unanswered in auto-answer channels (issue 18), keyed by their message. */
  waiting_questions: {
    message_key: string;
    community: string;
    platform: string;
    question: string;
    /** A link to the message (Discord URL, Telegram `t.me/c/…`). */
    link: string;
    /** JSON list of the question's analysed key terms, to group it with the knowledge gaps. */
    key_terms: string;
    created_at: number;
    /** Set once a moderator's answer to it was taught. */
    answered_at: number | null;
  };
  /** Moderators' (and trusted members') replies to questions, offered to be taught. */
  suggestions: {
    id: Generated<number>;
    /** The reply's own message key: one suggestion per reply, across replicas. */
    reply_key: string;
    community: string;
    platform: string;
    question: string;
    answer: string;
    author_name: string;
    author_hash: string;
    /** 1 when the author moderated the community when they replied; they may then teach it themselves. */
    author_moderator: number;
    /** A link to the reply. */
    link: string;
    /** The waiting question it answers, when it answers one. */
    waiting_key: string | null;
    status: string;
    taught_id: number | null;
    created_at: number;
    decided_at: number | null;
  };
  autoanswer_channels: {
    community_key: string;
    channel_id: string;
    threshold: number | null;
    enabled_by: string;
    enabled_at: number;
  };
  autoanswer_optouts: {
    user_hash: string;
    created_at: number;
  };
  autoanswer_claims: {
    message_key: string;
    created_at: number;
  };
  autoanswer_counts: {
    channel_key: string;
    hour_start: number;
    count: number;
  };
  autoanswer_backoffs: {
    scope_key: string;
    until: number;
  };
}
