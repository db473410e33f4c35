import type { Answer, SourceInfo, Summary, Timeline, WhatsNew } from "../answer/types.js";
import type { CommandCatalog, CommandDefinition } from "../commands/types.js";
import type { WebSourceStatus } from "../usecases/ports.js";
import type { SuggestionItem } from "../usecases/suggestions.js";
import type { Community } from "../usecases/types.js";

/** Where a request came from. */
export type Platform = "discord" | "telegram" | "console";

/** The person who sent a request, as the platform names them. */
export interface Requester {
  /** The platform's id for the person; stored only as a salted hash. */
  readonly id: string;
  /** How to name them in a citation of what they taught. */
  readonly displayName: string;
}

/** The chat, channel or group a request came from. */
export interface ChatRef {
  readonly id: string;
  /** A one-to-one chat with the bot (a Telegram private chat, the console, a Discord DM). */
  readonly private: boolean;
}

/** The message a request replies to (Telegram replies, Discord context menus). */
export interface RepliedMessage {
  /** Its text, when it has any. */
  readonly text?: string;
  /** When it is one of the bot's answers: that answer's id, when the message itself says (its buttons). */
  readonly answerId?: string;
  /**
   * The platform's reference to the message, when it is one of the bot's:
   * the answer it carried is then looked up in the store (see
   * {@link Pipeline.noteSent}), which refusals without buttons need.
   */
  readonly messageKey?: string;
}

/**
 * What a person asked for, decoded from whatever the platform sent.
 * - `command`: a catalog command with its raw argument text and/or named
 *   options (Discord slash options, modal fields);
 * - `question`: free text (a private message, a mention, an inline query, a
 *   context-menu "Ask Cited"); how it arrived matters only through its flags;
 * - `unknown-command`: a command addressed to the bot that the catalog lacks;
 * - `vote`: 👍/👎 on an answer;
 * - `suggest`: autocompletion of what is being typed into an option.
 */
export type Intent =
  | { readonly kind: "command"; readonly command: CommandDefinition; readonly text: string; readonly options?: Readonly<Record<string, string>> }
  | {
      readonly kind: "question";
      readonly text: string;
      /**
       * Asked while typing (Telegram's inline mode): answered as a preview,
       * never recorded (half-typed questions are not gaps), limited silently.
       */
      readonly preview?: true;
      /** A refusal is shown to the asker alone (Discord's "Ask Cited" on someone else's message): an answer stays public. */
      readonly refusalPrivate?: true;
    }
  | { readonly kind: "unknown-command"; readonly name: string }
  | { readonly kind: "vote"; readonly answerId: string; readonly value: 1 | -1 }
  | { readonly kind: "suggest"; readonly option: string; readonly typed: string }
  /** A message in a group or channel not addressed to the bot, which it may answer on its own (see src/pipeline/auto/). */
  | { readonly kind: "channel-message"; readonly text: string; readonly message: ChannelMessage }
  /** The Dismiss button under an automatic answer. */
  | { readonly kind: "dismiss"; readonly answerId: string }
  /** ✅ Teach / ✖ Ignore on a moderator's reply offered as an answer (see src/pipeline/auto/suggestFromReply.ts). */
  | { readonly kind: "suggestion"; readonly suggestionId: number; readonly decision: "teach" | "ignore" }
  /** Something the bot can only explain it does not handle (a sticker, a button of an old message, a bare mention). */
  | { readonly kind: "unsupported"; readonly what: "non-text" | "stale-interaction" | "mention-hint" | "no-message-text" };

/** A chat message the bot was not asked about, as the adapter saw it. */
export interface ChannelMessage {
  /** The message's own key, `<platform>:<chat>:<message>`: one automatic answer per key. */
  readonly key: string;
  /** The channel whose setting applies: a Discord text or forum channel (a thread's parent), a Telegram group. */
  readonly channelId: string;
  /** Where a moderator's message holds the bot back (the thread or topic, the message replied to, this message). */
  readonly scopes: readonly string[];
  /** Who wrote it: only people's messages are answered; edits never. */
  readonly author: "person" | "bot" | "webhook" | "system";
  readonly edited: boolean;
  /** A link to the message (Discord URL, Telegram `t.me/c/…`), for waiting questions. */
  readonly link: string;
  /**
   * Keys of the messages this one may answer (the message it replies to; in a
   * thread, the message the thread started from), most direct first: a
   * moderator's reply to a waiting question becomes a suggested answer.
   */
  readonly repliesTo: readonly string[];
  /**
   * The author belongs to a role the operator trusts (Discord:
   * `DISCORD_TRUSTED_ROLES`): their replies are offered as answers like a
   * moderator's, though only a moderator teaches them.
   */
  readonly trusted?: boolean;
  /** Set when it replies to the bot's answer or was written where the bot answered (a thread or topic): a follow-up. */
  readonly followUp?: { readonly answerId?: string; readonly messageKey?: string };
  /** Whether a person other than the asker has replied to it by now. */
  answeredByPerson(): boolean;
}

/** One request, whatever the platform: what arrived, from whom, where. */
export interface Request {
  readonly platform: Platform;
  /**
   * The platform's id of this delivery (a Telegram update id, a Discord
   * interaction id), so a redelivered one is answered once. Absent where the
   * platform cannot redeliver (the console).
   */
  readonly deliveryId?: string;
  readonly user: Requester;
  readonly chat: ChatRef;
  /** The scope the request belongs to (see {@link Community}): the server, the group, or the operator's console. */
  readonly community: Community;
  readonly intent: Intent;
  readonly replyTo?: RepliedMessage;
  /**
   * The names the bot goes by where this was asked (Telegram: its username
   * and first name; Discord: its username and display name). Said at the
   * edge of a question ("cited, who leads the force"), they call the bot
   * and are not words of the question; "bot" always is.
   */
  readonly botNames?: readonly string[];
  /**
   * Whether the person is a moderator here. Asked only when a command needs
   * it, since it may cost a call to the platform. Discord: Manage Messages;
   * Telegram: chat creator or administrator (anonymous admins included); the
   * console: always.
   */
  isModerator(): Promise<boolean>;
}

/** Who sees a reply: everyone in the chat, or only the person who asked. */
export type Visibility = "public" | "private";

/** Something a person can do with a reply; each renderer shows it its own way. */
export type ReplyAction =
  /** 👍/👎 buttons that vote on the answer (and, on Discord, a 📌 for moderators). */
  | { readonly kind: "feedback"; readonly answerId: string }
  /** Dismiss under an automatic answer: the asker or a moderator removes it (the answer's id comes with `feedback`). */
  | { readonly kind: "dismiss" };

export interface PinChoice {
  /** 1-based, as moderators type it in `/pin <n>`. */
  readonly n: number;
  readonly label: string;
}

/**
 * Messages that are not answers from the corpus: usage, refusals of a
 * command, acknowledgements. Renderers word them from the identifier and
 * context; no text is chosen here.
 */
export interface NoticeContext {
  "unknown-command": { readonly name: string };
  usage: { readonly command: CommandDefinition };
  "moderators-only": { readonly command: CommandDefinition };
  "rate-limited": { readonly seconds: number };
  failed: Record<string, never>;
  "non-text": Record<string, never>;
  "stale-interaction": Record<string, never>;
  "mention-hint": Record<string, never>;
  "no-message-text": Record<string, never>;
  /** A private summary asked for in a group: it is sent privately, or there is a link to get it. */
  "summary-private": { readonly command: CommandDefinition; readonly section?: string; readonly poster?: CommandDefinition };
  "reload-done": { readonly version: string; readonly ms: number; readonly changed: boolean };
  "reload-failed": { readonly message: string };
  "reload-unavailable": Record<string, never>;
  "vote-recorded": { readonly value: 1 | -1; readonly changed: boolean };
  "answer-unavailable": Record<string, never>;
  "store-unavailable": Record<string, never>;
  taught: { readonly id: number; readonly question: string };
  "teach-usage": { readonly command: CommandDefinition };
  "teach-too-long": { readonly length: number; readonly max: number };
  untaught: { readonly id: number };
  "untaught-unknown": { readonly id: string };
  pinned: { readonly n: number; readonly question: string; readonly section: string };
  "not-an-answer": { readonly command: CommandDefinition };
  /** /admin where no community is (a direct message): there is nothing to moderate from here. */
  "admin-no-community": { readonly command: CommandDefinition };
  /** /admin where the bot serves no web page (its port was taken, or no HTTP server runs). */
  "admin-unavailable": Record<string, never>;
  "autoanswer-on": { readonly threshold: number };
  "autoanswer-off": Record<string, never>;
  "autoanswer-status": { readonly channels: readonly { readonly channelId: string; readonly threshold: number }[]; readonly here: boolean };
  "autoanswer-usage": { readonly command: CommandDefinition };
  "autoanswer-threshold": Record<string, never>;
  "autoanswer-not-here": Record<string, never>;
  "opted-out": Record<string, never>;
  "opted-in": { readonly wasOptedOut: boolean };
  /** A Dismiss pressed by someone who is neither the asker nor a moderator. */
  "dismiss-refused": Record<string, never>;
  dismissed: Record<string, never>;
  /** A suggested answer taught (it answers from now on, cited as its author's). */
  "suggestion-taught": { readonly id: number; readonly question: string; readonly author: string };
  "suggestion-ignored": Record<string, never>;
  /** Another click (or moderator) decided it first. */
  "suggestion-decided": Record<string, never>;
  "suggestion-unknown": Record<string, never>;
}

export type NoticeIdentifier = keyof NoticeContext;

export type Notice = { [I in NoticeIdentifier]: { readonly identifier: I; readonly context: NoticeContext[I] } }[NoticeIdentifier];

/** A knowledge gap, as `/gaps` shows it. */
export interface GapView {
  readonly terms: readonly string[];
  readonly count: number;
  readonly examples: readonly string[];
}

/** An answer people voted down, with the passage it quoted. */
export interface DownvotedView {
  readonly question: string;
  readonly down: number;
  readonly up: number;
  readonly quote?: string;
  readonly section?: string;
}

/** Questions left unanswered in auto-answer channels, newest first, with links to them. */
export interface WaitingView {
  readonly count: number;
  readonly items: readonly { readonly question: string; readonly link: string }[];
}

/** A moderator's reply offered as the answer to a question, waiting for ✅ Teach / ✖ Ignore. */
export type SuggestionView = SuggestionItem;

export interface TaughtView {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly moderator: string;
  readonly date: string;
}

/** What the pipeline answers, platform-neutral; one renderer per platform turns it into messages. */
export type Reply =
  | { readonly kind: "answer"; readonly answer: Answer; readonly visibility: Visibility; readonly answerId?: string; readonly actions: readonly ReplyAction[] }
  /** A summary; `command` is what was asked, so a platform that cannot show it privately where it was asked can point to it. */
  | {
      readonly kind: "summary";
      readonly summary: Summary;
      readonly visibility: Visibility;
      readonly command: CommandDefinition;
      readonly section?: string;
    }
  /** `/timeline`: dated key sentences about a topic, oldest first. */
  | { readonly kind: "timeline"; readonly timeline: Timeline; readonly visibility: Visibility }
  /** `/whatsnew` (private) and `/post-whatsnew` (public). */
  | { readonly kind: "whatsnew"; readonly whatsNew: WhatsNew; readonly visibility: Visibility }
  | { readonly kind: "sources"; readonly sources: readonly SourceInfo[]; readonly web?: readonly WebSourceStatus[] }
  | { readonly kind: "help"; readonly catalog: CommandCatalog }
  | { readonly kind: "notice"; readonly notice: Notice; readonly visibility: Visibility }
  | { readonly kind: "suggestions"; readonly choices: readonly { readonly name: string; readonly value: string }[] }
  | {
      readonly kind: "gaps";
      readonly days: number;
      /** Shown first: members are still waiting on these. */
      readonly waiting: WaitingView;
      /** Moderators' replies waiting to be taught or ignored, each with its buttons. */
      readonly suggestions: readonly SuggestionView[];
      readonly gaps: readonly GapView[];
      readonly downvoted: readonly DownvotedView[];
    }
  /** A moderator's reply offered as an answer, asked privately of its author: "Teach this as the answer to …?" */
  | { readonly kind: "suggestion"; readonly suggestion: SuggestionView }
  | { readonly kind: "taught-list"; readonly entries: readonly TaughtView[] }
  /** Moderators: the quotes of an answer (and the sentences next to them) to pin one of. */
  | { readonly kind: "pin-choices"; readonly answerId: string; readonly choices: readonly PinChoice[]; readonly command: CommandDefinition }
  /** Moderators: a one-time link to the web page, for the asker alone (never in a group's view). */
  | { readonly kind: "admin-link"; readonly url: string; readonly expiresAt: Date }
  /** Nothing to send: a redelivered update, or a flooder after their one notice. */
  | { readonly kind: "none"; readonly why: "duplicate" | "rate-limited" | "ignored" }
  /** The automatic answer is taken back: the adapter deletes the message it was in. */
  | { readonly kind: "delete-answer"; readonly answerId: string }
  /**
   * Nothing to send yet: another process claimed this delivery and may still
   * answer it, or may have died doing so; ask again after `leaseEndsAt`
   * (a webhook answers "retry later", polling waits).
   */
  | { readonly kind: "none"; readonly why: "in-progress"; readonly leaseEndsAt: Date };

/** Builds a notice reply; private unless said otherwise, since notices concern the asker. */
export function notice<I extends NoticeIdentifier>(identifier: I, context: NoticeContext[I], visibility: Visibility = "private"): Reply {
  return { kind: "notice", notice: { identifier, context } as Notice, visibility };
}

export type { WebSourceStatus } from "../usecases/ports.js";
