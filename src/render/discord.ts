import { escapeMarkdown, type APIEmbed } from "discord.js";
import type { Answer, Citation, SourceInfo, Summary } from "../answer/types.js";
import type { CommandCatalog } from "../commands/types.js";
import { truncate } from "./html.js";

/**
 * Discord renderer: platform-neutral answers → embeds within Discord's
 * limits. Corpus and user text is markdown-escaped so it shows as written;
 * pings are prevented where messages are sent (`allowedMentions`).
 */

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
  const parts = [`*${escapeMarkdown(citation.section)}*`];
  if (citation.section !== citation.document) parts.push(escapeMarkdown(citation.document));
  if (citation.published) parts.push(citation.published);
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
    return [{ color: REFUSAL_COLOUR, title, description: truncate(answer.reason ?? "The sources don't say.", DISCORD_LIMITS.description) }];
  }
  return fitEmbeds([
    {
      color: COLOUR,
      title,
      description: answer.snippets.map((snippet) => quoteWithCitation(snippet.text, snippet)).join("\n\n"),
      footer: { text: "Quoted from the sources. /sources lists them." },
    },
  ]);
}

export function renderSummaryEmbeds(summary: Summary): APIEmbed[] {
  if (summary.points.length === 0) {
    return [{ color: REFUSAL_COLOUR, description: truncate(summary.reason ?? "Nothing to summarise.", DISCORD_LIMITS.description) }];
  }
  const lines = summary.points.map((point) => quoteWithCitation(point.text, point, "• "));
  const embed: APIEmbed = { color: COLOUR, title: truncate(`Summary: ${summary.title}`, DISCORD_LIMITS.title), description: lines.join("\n\n") };
  if (summary.omitted.length > 0) embed.footer = { text: truncate(`Left out to stay short: ${summary.omitted.join("; ")}`, DISCORD_LIMITS.footer) };
  return fitEmbeds([embed]);
}

export function renderSourcesEmbeds(sources: readonly SourceInfo[]): APIEmbed[] {
  const fields = sources.slice(0, DISCORD_LIMITS.fields).map((source) => ({
    name: truncate(source.title, DISCORD_LIMITS.fieldName),
    value: truncate(
      [source.author && `by ${escapeMarkdown(source.author)}`, source.published, source.source, `${source.sections.length} section(s)`].filter(Boolean).join(" · "),
      DISCORD_LIMITS.fieldValue,
    ),
  }));
  return fitEmbeds([{ color: COLOUR, title: "Sources", fields }]);
}

export function renderHelpEmbeds(catalog: CommandCatalog, contextMenuName: string): APIEmbed[] {
  const lines = catalog.commands.map((command) => {
    const usage = command.kind === "ask" ? " question:" : command.kind === "summary" ? " [section:]" : "";
    return `\`/${command.name}${usage}\` — ${escapeMarkdown(command.description)}`;
  });
  lines.push(`Right-click a message → Apps → **${contextMenuName}** to ask about it.`);
  return fitEmbeds([
    { color: COLOUR, title: "How to use Cited", description: `Answers quote the sources and say where each quote comes from.\n\n${lines.join("\n")}` },
  ]);
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
