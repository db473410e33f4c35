import { encodeCallbackData, summaryLink } from "./codecs/telegramData.js";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Answer, Citation, SourceInfo, Summary, TimelineEntry } from "../answer/types.js";
import type { CommandCatalog, CommandDefinition } from "../commands/types.js";
import type { Reply } from "../pipeline/types.js";
import { escapeHtml, truncate } from "./html.js";
import { emptyTimelineText, emptyWhatsNewText, entryDate, timelineTitle, whatsNewTitle } from "./datedWording.js";
import { adminLinkText, citationDetails, earlierLabel, webSourceLine, missingSummaryText, noticeText, refusalText, waitingHeading } from "./wording.js";

/**
 * Telegram renderer: platform-neutral answers → HTML for `parse_mode: "HTML"`.
 * Every piece of corpus and user text goes through {@link escapeHtml}; only
 * tags Telegram accepts are produced (b, i, a, blockquote).
 */

/** Telegram's limit on one message's text, in characters. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Longest quote rendered, in characters of source text. Escaping can only
 * lengthen text by a bounded factor, so a block built from it always fits one
 * message and messages can be split between blocks, never inside a tag.
 */
const MAX_QUOTE = 600;

/** A message's worth of HTML, split into blocks that may go to separate messages. */
export type HtmlBlocks = string[];

function citationLine(citation: Citation): string {
  if (citation.taught)
    return `— <i>Answer from a moderator, ${escapeHtml(citation.taught.moderator)}, ${escapeHtml(citation.taught.date)}</i> · ${escapeHtml(citation.document)}`;
  const parts = [`<i>${escapeHtml(citation.section)}</i>`];
  if (citation.section !== citation.document) parts.push(escapeHtml(citation.document));
  parts.push(...citationDetails(citation).map(escapeHtml));
  const line = `— ${parts.join(", ")}`;
  return citation.source ? `${line} · <a href="${escapeHtml(citation.source)}">source</a>` : line;
}

export function renderAnswerHtml(answer: Answer): HtmlBlocks {
  if (!answer.answered) return [escapeHtml(refusalText(answer))];
  return answer.snippets.map(
    (snippet) => `${escapeHtml(earlierLabel(snippet))}<blockquote>${escapeHtml(truncate(snippet.text, MAX_QUOTE))}</blockquote>\n${citationLine(snippet)}`,
  );
}

export function renderSummaryHtml(summary: Summary): HtmlBlocks {
  if (!summary.found) return [escapeHtml(missingSummaryText(summary))];
  const blocks = [`<b>Summary: ${escapeHtml(truncate(summary.title, 200))}</b>`];
  for (const point of summary.points) blocks.push(`• ${escapeHtml(truncate(point.text, MAX_QUOTE))}\n${citationLine(point)}`);
  if (summary.omitted.length > 0) blocks.push(`<i>Left out to stay short: ${escapeHtml(truncate(summary.omitted.join("; "), 500))}</i>`);
  return blocks;
}

/** A dated list (a timeline, what's new): a title, then one block per entry (date, quote, citation). */
export function datedHtml(title: string, entries: readonly TimelineEntry[]): HtmlBlocks {
  return [
    `<b>${escapeHtml(truncate(title, 200))}</b>`,
    ...entries.map(
      (entry) => `<b>${escapeHtml(entryDate(entry))}</b><blockquote>${escapeHtml(truncate(entry.text, MAX_QUOTE))}</blockquote>\n${citationLine(entry)}`,
    ),
  ];
}

export function renderSourcesHtml(sources: readonly SourceInfo[]): HtmlBlocks {
  return sources.map((source) => {
    const title = escapeHtml(truncate(source.title, 200));
    const head = source.source ? `<a href="${escapeHtml(source.source)}">${title}</a>` : `<b>${title}</b>`;
    const details = [source.author && `by ${source.author}`, source.published].filter(Boolean).join(", ");
    return `• ${head}${details ? ` (${escapeHtml(details)})` : ""}`;
  });
}

function usageOf(command: CommandDefinition): string {
  switch (command.kind) {
    case "ask":
      return " &lt;question&gt;";
    case "summary":
      return " [section]";
    case "gaps":
    case "whatsnew":
      return " [days]";
    case "timeline":
      return " &lt;topic&gt;";
    case "teach":
      return " &lt;answer&gt; (as a reply)";
    case "untaught":
    case "pin":
      return " &lt;number&gt;";
    default:
      return "";
  }
}

export function renderHelpHtml(catalog: CommandCatalog): HtmlBlocks {
  const lines = catalog.commands.map((command) => `/${command.telegramName}${usageOf(command)} — ${escapeHtml(command.description)}`);
  return [
    "Ask me about the sources: send a question in a private chat, or use a command. Answers quote the sources and say where each quote comes from.",
    lines.join("\n"),
    "In a group, mention my @username with a question, or reply to a message with /ask to ask about it. In any chat, type my @username and a question for inline answers.",
  ];
}

/**
 * Told privately to the moderator who turned auto-answering on in a group
 * the bot cannot read: with privacy mode on, Telegram only sends it commands,
 * mentions and replies to it.
 */
export function privacyModeHint(botUsername: string): string {
  return `I can't see ordinary messages in that group yet, so I can't answer questions there on my own. Either make me an admin of the group, or turn privacy mode off: message @BotFather, send /setprivacy, choose @${escapeHtml(botUsername)} and Disable (then remove me from the group and add me again, so Telegram applies it).`;
}

/** ✅ Teach / ✖ Ignore for a suggested answer. */
function suggestionButtons(id: number, label = ""): InlineKeyboardButton[] {
  return [
    { text: `✅ Teach${label}`, callback_data: encodeCallbackData({ kind: "suggestion", suggestionId: id, decision: "teach" }) },
    { text: `✖ Ignore${label}`, callback_data: encodeCallbackData({ kind: "suggestion", suggestionId: id, decision: "ignore" }) },
  ];
}

/** " (message)" linking to a message, when its link is a web address (a basic group's messages have none). */
function linkTo(link: string, label: string): string {
  return /^https:\/\//.test(link) ? ` (<a href="${escapeHtml(link)}">${label}</a>)` : "";
}

/** A Telegram reply to send, whatever the pipeline answered. */
export interface TelegramMessage {
  /** HTML messages, each within Telegram's limit. */
  readonly messages: string[];
  readonly replyMarkup?: InlineKeyboardMarkup;
  /** Send to the person privately, not to the group. */
  readonly private: boolean;
  /**
   * Sent to the chat instead when `private` and the private send fails (the
   * person never started a chat with the bot); without it, `messages` go to
   * the chat. For what the group must never see, such as a login link.
   */
  readonly fallback?: string[];
  /** The same in plain text, short, for a callback query's answer. */
  readonly plain?: string;
}

export interface TelegramRenderContext {
  /** The request came from a private chat with the bot. */
  readonly chatPrivate: boolean;
  /** The bot's @username, for links that open a private chat with it. */
  readonly botUsername: string;
  /** The catalog's public summary command, if any: a private summary asked for in a group points to it. */
  readonly poster?: CommandDefinition;
}

const commandName = (command: CommandDefinition) => `/${command.telegramName}`;

/**
 * The Telegram renderer: any platform-neutral reply → HTML messages. In a
 * group, a private summary becomes a link that opens a private chat with it,
 * since a bot cannot message someone who never started it.
 */
export function renderTelegramReply(reply: Reply, context: TelegramRenderContext): TelegramMessage | undefined {
  const inGroup = !context.chatPrivate;
  switch (reply.kind) {
    case "answer": {
      const feedback = reply.actions.find((action) => action.kind === "feedback");
      return {
        messages: packMessages(renderAnswerHtml(reply.answer)),
        private: false,
        ...(feedback
          ? {
              replyMarkup: {
                inline_keyboard: [
                  [
                    { text: "👍 Helpful", callback_data: encodeCallbackData({ kind: "vote", answerId: feedback.answerId, value: 1 }) },
                    { text: "👎 Not helpful", callback_data: encodeCallbackData({ kind: "vote", answerId: feedback.answerId, value: -1 }) },
                  ],
                  ...(reply.actions.some((action) => action.kind === "dismiss")
                    ? [[{ text: "✖ Dismiss", callback_data: encodeCallbackData({ kind: "dismiss", answerId: feedback.answerId }) }]]
                    : []),
                ],
              },
            }
          : {}),
      };
    }
    case "summary":
      if (inGroup && reply.visibility === "private" && reply.summary.found) {
        const notice = {
          identifier: "summary-private",
          context: { command: reply.command, ...(reply.section ? { section: reply.section } : {}), ...(context.poster ? { poster: context.poster } : {}) },
        } as const;
        return renderTelegramReply({ kind: "notice", notice, visibility: "public" }, context);
      }
      return { messages: packMessages(renderSummaryHtml(reply.summary)), private: false };
    // Split between entries when long, never inside one.
    case "timeline": {
      const { timeline } = reply;
      if (timeline.entries.length === 0) return { messages: [escapeHtml(emptyTimelineText(timeline))], private: false };
      return { messages: packMessages(datedHtml(timelineTitle(timeline), timeline.entries)), private: false };
    }
    case "whatsnew": {
      const { whatsNew } = reply;
      // /whatsnew goes to the asker privately when it can (falling back to the group); /post-whatsnew to the group.
      const privately = inGroup && reply.visibility === "private";
      if (whatsNew.entries.length === 0) return { messages: [escapeHtml(emptyWhatsNewText(whatsNew))], private: privately };
      return { messages: packMessages(datedHtml(whatsNewTitle(whatsNew), whatsNew.entries)), private: privately };
    }
    case "sources":
      return {
        messages: packMessages([
          ...renderSourcesHtml(reply.sources),
          ...(reply.web ? [`<b>Web sources</b>\n${reply.web.map((status) => escapeHtml(webSourceLine(status))).join("\n")}`] : []),
        ]),
        private: false,
      };
    case "help":
      return { messages: packMessages(renderHelpHtml(reply.catalog)), private: false };
    case "notice": {
      const { notice } = reply;
      const plain = noticeText(notice, commandName);
      if (notice.identifier === "summary-private" || (notice.identifier === "moderators-only" && notice.context.command.kind === "summary")) {
        const section = notice.identifier === "summary-private" ? notice.context.section : undefined;
        const link = escapeHtml(summaryLink(context.botUsername, section));
        const html =
          notice.identifier === "summary-private"
            ? `Summaries from ${commandName(notice.context.command)} are private: <a href="${link}">message me</a> to get yours.${notice.context.poster ? ` Admins can post one here with ${commandName(notice.context.poster)}.` : ""}`
            : `Only this group's admins can post summaries here. <a href="${link}">Message me privately</a> for your own copy.`;
        return { messages: [html], private: false, plain };
      }
      if (notice.identifier === "mention-hint") {
        return { messages: [`Ask me about the sources: @${escapeHtml(context.botUsername)} and your question, or /help.`], private: false, plain };
      }
      // Moderators' acknowledgements go to them alone; in a private chat that is the chat itself.
      return { messages: [escapeHtml(plain)], private: inGroup && reply.visibility === "private" && isModeratorNotice(notice.identifier), plain };
    }
    case "admin-link": {
      const text = escapeHtml(adminLinkText(reply.url, reply.expiresAt));
      if (!inGroup) return { messages: [text], private: false };
      const start = escapeHtml(`https://t.me/${context.botUsername}`);
      return {
        messages: [text],
        private: true,
        fallback: [`I send the moderators' link privately: <a href="${start}">start a chat with me</a>, then send /admin here again.`],
      };
    }
    case "gaps": {
      const blocks: string[] = [];
      if (reply.waiting.count > 0)
        blocks.push(
          `<b>${escapeHtml(waitingHeading(reply.waiting.count))}</b>`,
          ...reply.waiting.items.map((item) => `“${escapeHtml(truncate(item.question, 150))}”${linkTo(item.link, "message")}`),
        );
      if (reply.suggestions.length > 0)
        blocks.push(
          "<b>Suggested answers from moderators' replies</b>",
          ...reply.suggestions.map(
            (item) =>
              `<b>#${item.id}</b> “${escapeHtml(truncate(item.question, 150))}” → ${escapeHtml(truncate(item.answer, 300))} — ${escapeHtml(item.author)}`,
          ),
        );
      blocks.push(`<b>Knowledge gaps, last ${reply.days} day(s)</b>`);
      if (reply.gaps.length === 0) blocks.push("None: every question was answered.");
      for (const gap of reply.gaps)
        blocks.push(`<b>${gap.count}×</b> ${escapeHtml(gap.terms.join(" "))} — ${gap.examples.map((e) => `“${escapeHtml(truncate(e, 120))}”`).join(", ")}`);
      if (reply.downvoted.length > 0) blocks.push("<b>Answers voted down most</b>");
      for (const entry of reply.downvoted)
        blocks.push(
          `👎 ${entry.down} · 👍 ${entry.up} “${escapeHtml(truncate(entry.question, 120))}”${entry.quote ? `\n<blockquote>${escapeHtml(truncate(entry.quote, 300))}</blockquote>` : ""}`,
        );
      return {
        messages: packMessages(blocks),
        private: inGroup,
        ...(reply.suggestions.length > 0
          ? { replyMarkup: { inline_keyboard: reply.suggestions.map((item) => suggestionButtons(item.id, ` #${item.id}`)) } }
          : {}),
      };
    }
    case "suggestion": {
      const { suggestion } = reply;
      return {
        messages: [
          `Teach this as the answer to “${escapeHtml(truncate(suggestion.question, 300))}”?\n<blockquote>${escapeHtml(suggestion.answer)}</blockquote>— ${escapeHtml(suggestion.author)}${linkTo(suggestion.link, "your reply")}`,
        ],
        replyMarkup: { inline_keyboard: [suggestionButtons(suggestion.id)] },
        private: true,
        // Asked of the moderator alone: if they never started a chat with the bot, /gaps lists it for them.
        fallback: [],
      };
    }
    case "taught-list": {
      const blocks =
        reply.entries.length === 0
          ? ["No taught answers yet."]
          : reply.entries.map(
              (entry) =>
                `<b>#${entry.id}</b> “${escapeHtml(truncate(entry.question, 150))}” → ${escapeHtml(truncate(entry.answer, 300))} — ${escapeHtml(entry.moderator)}, ${entry.date}`,
            );
      return { messages: packMessages(blocks), private: inGroup };
    }
    case "pin-choices": {
      const blocks = [
        `Reply to the answer with ${commandName(reply.command)} &lt;number&gt; to pin one of these as the answer:`,
        ...reply.choices.map((choice) => `${choice.n}. “${escapeHtml(truncate(choice.label, 300))}”`),
      ];
      return { messages: packMessages(blocks), private: false };
    }
    case "suggestions":
    case "delete-answer":
    case "none":
      return undefined;
  }
}

/** Acknowledgements of moderators' commands: they concern the moderator, not the group. */
function isModeratorNotice(identifier: string): boolean {
  return [
    "reload-done",
    "reload-failed",
    "reload-unavailable",
    "taught",
    "teach-usage",
    "teach-too-long",
    "untaught",
    "untaught-unknown",
    "pinned",
    "autoanswer-on",
    "autoanswer-off",
    "autoanswer-status",
    "autoanswer-usage",
    "autoanswer-threshold",
    "autoanswer-not-here",
    "opted-out",
    "opted-in",
  ].includes(identifier);
}

/**
 * Joins blocks into as few messages as fit Telegram's limit, splitting only
 * between blocks so no tag or entity is ever cut in half.
 */
export function packMessages(blocks: readonly string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    // Blocks are bounded by construction; this only guards against a future one that is not.
    const safe = block.length > limit ? truncate(block.replace(/<[^>]*>/g, ""), limit).replace(/&[^;\s]*…$/, "…") : block;
    if (current === "") current = safe;
    else if (current.length + 2 + safe.length <= limit) current += `\n\n${safe}`;
    else {
      messages.push(current);
      current = safe;
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}
