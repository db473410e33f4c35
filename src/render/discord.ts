import { encodeDiscordCustomId } from "./codecs/discordIds.js";
import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown as escapeFormatting,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from "discord.js";
import type { Answer, Citation, SourceInfo, Summary, TimelineEntry } from "../answer/types.js";
import type { CommandCatalog, CommandDefinition } from "../commands/types.js";
import type { Notice, Reply } from "../pipeline/types.js";
import { truncate } from "./html.js";
import { emptyTimelineText, emptyWhatsNewText, entryDate, timelineTitle, whatsNewTitle } from "./datedWording.js";
import { adminLinkText, citationDetails, earlierLabel, webSourceLine, missingSummaryText, noticeText, refusalText, waitingHeading } from "./wording.js";

/**
 * Discord renderer: platform-neutral answers → embeds within Discord's
 * limits. Corpus and user text is markdown-escaped so it shows as written;
 * pings are prevented where messages are sent (`allowedMentions`).
 */

/**
 * Text shown as written: markdown escaped (discord.js), and what that
 * leaves active escaped too: masked links (`[text](url)`, a clickable link
 * whose text can lie about where it goes) and mentions (`<@&role>`, `<@user>`,
 * `<#channel>`, `</command:id>`, `<t:…>`), which embeds render as pills even
 * when they cannot ping.
 */
export function escapeMarkdown(text: string): string {
  return escapeFormatting(text)
    .replace(/\[/g, "\\[")
    .replace(/<(?=[@#/:]|a:|t:)/g, "\\<");
}

/**
 * A reply's context with the text it echoes (a question, a name the asker
 * typed, a section's name) escaped: its strings and lists of strings, one
 * level deep (deeper are the bot's own objects, such as a command).
 */
function escapedContext<T extends object>(context: T): T {
  const escape = (value: unknown): unknown =>
    typeof value === "string"
      ? escapeMarkdown(value)
      : Array.isArray(value) && value.every((item) => typeof item === "string")
        ? value.map(escapeMarkdown)
        : value;
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [key, escape(value)])) as T;
}

/** Discord's message and embed limits, in characters. */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embeds: 10,
  embedsTotal: 6000,
} as const;

/** The bot's accent colour on every embed. */
const COLOUR = 0x2f6f9f;
const REFUSAL_COLOUR = 0x8a8a8a;

function citationText(citation: Citation): string {
  if (citation.taught)
    return `— *Answer from a moderator, ${escapeMarkdown(citation.taught.moderator)}, ${citation.taught.date}* · ${escapeMarkdown(citation.document)}`;
  const parts = [`*${escapeMarkdown(citation.section)}*`];
  if (citation.section !== citation.document) parts.push(escapeMarkdown(citation.document));
  parts.push(...citationDetails(citation).map((detail) => escapeMarkdown(detail)));
  const line = `— ${parts.join(", ")}`;
  return citation.source ? `${line} · [source](${citation.source.replace(/\)/g, "%29")})` : line;
}

/** A quote and its citation, as one field value of at most 1,024 characters. */
function quoteWithCitation(text: string, citation: Citation, bullet = "> "): string {
  const cite = truncate(citationText(citation), 300);
  const room = DISCORD_LIMITS.fieldValue - cite.length - bullet.length - 1;
  return `${bullet}${escapeMarkdown(truncate(text, room)).replace(/\n/g, " ")}\n${cite}`;
}

export function renderAnswerEmbeds(answer: Answer): APIEmbed[] {
  const title = truncate(escapeMarkdown(answer.question) || "Your question", DISCORD_LIMITS.title);
  if (!answer.answered) {
    return [
      {
        color: REFUSAL_COLOUR,
        title,
        description: truncate(refusalText({ ...answer, context: escapedContext(answer.context) } as typeof answer), DISCORD_LIMITS.description),
      },
    ];
  }
  return fitEmbeds([
    {
      color: COLOUR,
      title,
      description: answer.snippets
        .map((snippet) => quoteWithCitation(snippet.text, snippet, earlierLabel(snippet) ? `${escapeMarkdown(earlierLabel(snippet).trim())}\n> ` : "> "))
        .join("\n\n"),
      footer: { text: "Quoted from the sources. /sources lists them." },
    },
  ]);
}

export function renderSummaryEmbeds(summary: Summary): APIEmbed[] {
  if (!summary.found) {
    // The section or document name was typed by the asker: echoed as written.
    return [
      {
        color: REFUSAL_COLOUR,
        description: truncate(missingSummaryText({ ...summary, context: escapedContext(summary.context) }), DISCORD_LIMITS.description),
      },
    ];
  }
  const lines = summary.points.map((point) => quoteWithCitation(point.text, point, "• "));
  const embed: APIEmbed = {
    color: COLOUR,
    title: truncate(`Summary: ${escapeMarkdown(summary.title)}`, DISCORD_LIMITS.title),
    description: lines.join("\n\n"),
  };
  if (summary.omitted.length > 0) embed.footer = { text: truncate(`Left out to stay short: ${summary.omitted.join("; ")}`, DISCORD_LIMITS.footer) };
  return fitEmbeds([embed]);
}

/** A dated list (a timeline, what's new): one embed, each entry its date in bold, its quote and citation. */
function datedEmbeds(title: string, entries: readonly TimelineEntry[], empty: string | undefined): APIEmbed[] {
  const description =
    empty !== undefined ? escapeMarkdown(empty) : entries.map((entry) => quoteWithCitation(entry.text, entry, `**${entryDate(entry)}**\n> `)).join("\n\n");
  return fitEmbeds([{ color: empty === undefined ? COLOUR : REFUSAL_COLOUR, title: escapeMarkdown(title), description }]);
}

export function renderSourcesEmbeds(sources: readonly SourceInfo[]): APIEmbed[] {
  const fields = sources.slice(0, DISCORD_LIMITS.fields).map((source) => ({
    name: truncate(source.title, DISCORD_LIMITS.fieldName),
    value: truncate(
      [source.author && `by ${escapeMarkdown(source.author)}`, source.published, source.source, `${source.sections.length} section(s)`]
        .filter(Boolean)
        .join(" · "),
      DISCORD_LIMITS.fieldValue,
    ),
  }));
  return fitEmbeds([{ color: COLOUR, title: "Sources", fields }]);
}

function usageOf(command: CommandDefinition): string {
  switch (command.kind) {
    case "ask":
      return " question:";
    case "summary":
      return " [section:]";
    case "gaps":
    case "whatsnew":
      return " [days:]";
    case "timeline":
      return " topic:";
    case "teach":
      return " question: answer:";
    case "untaught":
      return " id:";
    default:
      return "";
  }
}

export function renderHelpEmbeds(catalog: CommandCatalog, contextMenuName: string): APIEmbed[] {
  // Pins are chosen from the 📌 button under an answer, not typed.
  const lines = catalog.commands
    .filter((command) => command.kind !== "pin")
    .map((command) => `\`/${command.name}${usageOf(command)}\` — ${escapeMarkdown(command.description)}`);
  lines.push(`Right-click a message → Apps → **${contextMenuName}** to ask about it.`);
  return fitEmbeds([
    { color: COLOUR, title: "How to use Cited", description: `Answers quote the sources and say where each quote comes from.\n\n${lines.join("\n")}` },
  ]);
}

/** A Discord message to send, whatever the reply was. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds?: APIEmbed[];
  readonly components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Shown only to whoever asked. */
  readonly ephemeral: boolean;
}

/** `custom_id`s of the components under answers (see codecs/discordIds.ts). */
const CUSTOM_ID = {
  vote: (answerId: string, value: 1 | -1) => encodeDiscordCustomId({ kind: "vote", answerId, value }),
  pin: (answerId: string) => encodeDiscordCustomId({ kind: "pin", answerId }),
  dismiss: (answerId: string) => encodeDiscordCustomId({ kind: "dismiss", answerId }),
} as const;

const commandName = (command: CommandDefinition) => `/${command.name}`;

/** ✅ Teach / ✖ Ignore for a suggested answer (`label` tells several apart under /gaps). */
function suggestionRow(id: number, label = ""): APIActionRowComponent<APIComponentInMessageActionRow> {
  const button = (decision: "teach" | "ignore", style: ButtonStyle.Success | ButtonStyle.Secondary, emoji: string, text: string) => ({
    type: ComponentType.Button as const,
    style,
    custom_id: encodeDiscordCustomId({ kind: "suggestion", suggestionId: id, decision }),
    emoji: { name: emoji },
    label: `${text}${label}`,
  });
  return {
    type: ComponentType.ActionRow,
    components: [button("teach", ButtonStyle.Success, "✅", "Teach"), button("ignore", ButtonStyle.Secondary, "✖", "Ignore")],
  };
}

/** A message link as Markdown, when it is a web address. */
function linkTo(link: string, label: string): string {
  return /^https:\/\//.test(link) ? ` ([${label}](${link}))` : "";
}

function feedbackRow(answerId: string, dismissable = false): APIActionRowComponent<APIComponentInMessageActionRow> {
  const button = (custom_id: string, emoji: string, label: string) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    custom_id,
    emoji: { name: emoji },
    label,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(CUSTOM_ID.vote(answerId, 1), "👍", "Helpful"),
      button(CUSTOM_ID.vote(answerId, -1), "👎", "Not helpful"),
      button(CUSTOM_ID.pin(answerId), "📌", "Pin (moderators)"),
      ...(dismissable ? [button(CUSTOM_ID.dismiss(answerId), "✖", "Dismiss")] : []),
    ],
  };
}

function notice(text: string): DiscordMessage {
  return { content: truncate(text, DISCORD_LIMITS.content), ephemeral: true };
}

/**
 * The Discord renderer: any platform-neutral reply → one message. Replies
 * the pipeline marks private are ephemeral.
 */
export function renderDiscordReply(reply: Reply, contextMenuName: string): DiscordMessage | undefined {
  switch (reply.kind) {
    case "answer": {
      const feedback = reply.actions.find((action) => action.kind === "feedback");
      return {
        embeds: renderAnswerEmbeds(reply.answer),
        ephemeral: reply.visibility === "private",
        ...(feedback
          ? {
              components: [
                feedbackRow(
                  feedback.answerId,
                  reply.actions.some((action) => action.kind === "dismiss"),
                ),
              ],
            }
          : {}),
      };
    }
    case "summary":
      return { embeds: renderSummaryEmbeds(reply.summary), ephemeral: reply.visibility === "private" };
    case "timeline": {
      const { timeline } = reply;
      const empty = timeline.entries.length === 0 ? emptyTimelineText(timeline) : undefined;
      return { embeds: datedEmbeds(timelineTitle(timeline), timeline.entries, empty), ephemeral: reply.visibility === "private" };
    }
    case "whatsnew": {
      const { whatsNew } = reply;
      const empty = whatsNew.entries.length === 0 ? emptyWhatsNewText(whatsNew) : undefined;
      return { embeds: datedEmbeds(whatsNewTitle(whatsNew), whatsNew.entries, empty), ephemeral: reply.visibility === "private" };
    }
    case "sources":
      return {
        embeds: [
          ...renderSourcesEmbeds(reply.sources),
          ...(reply.web
            ? [
                {
                  color: COLOUR,
                  title: "Web sources",
                  description: truncate(reply.web.map((status) => escapeMarkdown(webSourceLine(status))).join("\n"), DISCORD_LIMITS.description),
                },
              ]
            : []),
        ],
        ephemeral: false,
      };
    case "help":
      return { embeds: renderHelpEmbeds(reply.catalog, contextMenuName), ephemeral: true };
    case "notice":
      return {
        ...notice(noticeText({ ...reply.notice, context: escapedContext(reply.notice.context) } as Notice, commandName)),
        ephemeral: reply.visibility === "private",
      };
    case "gaps": {
      const lines = reply.gaps.map(
        (gap) => `**${gap.count}×** ${escapeMarkdown(gap.terms.join(" "))} — ${gap.examples.map((e) => `“${escapeMarkdown(truncate(e, 120))}”`).join(", ")}`,
      );
      const down = reply.downvoted.map(
        (entry) =>
          `👎 ${entry.down} · 👍 ${entry.up} “${escapeMarkdown(truncate(entry.question, 120))}”${entry.quote ? `\n> ${escapeMarkdown(truncate(entry.quote, 300))}` : ""}`,
      );
      const description = [
        lines.length > 0 ? lines.join("\n") : "No gaps: every question was answered.",
        ...(down.length > 0 ? ["", "**Answers voted down most**", ...down] : []),
      ].join("\n");
      const waiting = reply.waiting.items.map((item) => `“${escapeMarkdown(truncate(item.question, 150))}”${linkTo(item.link, "message")}`);
      // Discord allows five rows of buttons under a message: one per suggestion.
      const suggestions = reply.suggestions.slice(0, 5);
      const suggested = suggestions.map(
        (item) =>
          `**#${item.id}** “${escapeMarkdown(truncate(item.question, 150))}” → ${escapeMarkdown(truncate(item.answer, 300))} — ${escapeMarkdown(item.author)}`,
      );
      return {
        embeds: fitEmbeds([
          ...(reply.waiting.count > 0 ? [{ color: COLOUR, title: waitingHeading(reply.waiting.count), description: waiting.join("\n") }] : []),
          ...(suggested.length > 0 ? [{ color: COLOUR, title: "Suggested answers from moderators' replies", description: suggested.join("\n") }] : []),
          { color: COLOUR, title: `Knowledge gaps, last ${reply.days} day(s)`, description },
        ]),
        ...(suggestions.length > 0 ? { components: suggestions.map((item) => suggestionRow(item.id, ` #${item.id}`)) } : {}),
        ephemeral: true,
      };
    }
    case "suggestion": {
      const { suggestion } = reply;
      return {
        embeds: fitEmbeds([
          {
            color: COLOUR,
            title: truncate(`Teach this as the answer to “${suggestion.question}”?`, 256),
            description: `> ${escapeMarkdown(truncate(suggestion.answer, 3000)).replace(/\n/g, "\n> ")}\n— ${escapeMarkdown(suggestion.author)}${linkTo(suggestion.link, "your reply")}`,
          },
        ]),
        components: [suggestionRow(suggestion.id)],
        ephemeral: true,
      };
    }
    case "taught-list": {
      const description =
        reply.entries.length === 0
          ? "No taught answers yet."
          : reply.entries
              .map(
                (entry) =>
                  `**#${entry.id}** “${escapeMarkdown(truncate(entry.question, 150))}” → ${escapeMarkdown(truncate(entry.answer, 200))} — ${escapeMarkdown(entry.moderator)}, ${entry.date}`,
              )
              .join("\n");
      return { embeds: fitEmbeds([{ color: COLOUR, title: "Taught answers", description }]), ephemeral: true };
    }
    case "admin-link":
      // In <…>: Discord shows no preview of it, so nothing fetches (and uses up) the one-time link.
      return notice(adminLinkText(`<${reply.url}>`, reply.expiresAt));
    case "pin-choices":
      return {
        content: "Pick the quote that answers this question:",
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.StringSelect,
                custom_id: CUSTOM_ID.pin(reply.answerId),
                placeholder: "Quote to pin",
                options: reply.choices.slice(0, 25).map((choice) => ({ label: truncate(`${choice.n}. ${choice.label}`, 100), value: String(choice.n) })),
              },
            ],
          },
        ],
        ephemeral: true,
      };
    case "suggestions":
    case "delete-answer":
    case "none":
      return undefined;
  }
}

/**
 * Enforces Discord's limits on a set of embeds: each field cut to its own
 * limit, then descriptions trimmed until the whole set fits 6,000 characters.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, DISCORD_LIMITS.embeds).map((embed) => ({
    ...embed,
    ...(embed.title !== undefined ? { title: truncate(embed.title, DISCORD_LIMITS.title) } : {}),
    ...(embed.description !== undefined ? { description: truncate(embed.description, DISCORD_LIMITS.description) } : {}),
    ...(embed.footer ? { footer: { ...embed.footer, text: truncate(embed.footer.text, DISCORD_LIMITS.footer) } } : {}),
    ...(embed.fields
      ? {
          fields: embed.fields.slice(0, DISCORD_LIMITS.fields).map((field) => ({
            ...field,
            name: truncate(field.name, DISCORD_LIMITS.fieldName),
            value: truncate(field.value, DISCORD_LIMITS.fieldValue),
          })),
        }
      : {}),
  }));
  let excess = embedsLength(fitted) - DISCORD_LIMITS.embedsTotal;
  for (const embed of fitted) {
    if (excess <= 0) break;
    if (embed.description) {
      const keep = Math.max(1, embed.description.length - excess);
      excess -= embed.description.length - keep;
      embed.description = truncate(embed.description, keep);
    }
  }
  return fitted;
}

/** Characters Discord counts towards the 6,000 limit. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  let total = 0;
  for (const embed of embeds) {
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}
