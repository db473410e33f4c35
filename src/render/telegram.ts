import type { Answer, Citation, SourceInfo, Summary } from "../answer/types.js";
import type { CommandCatalog } from "../commands/types.js";
import { escapeHtml, truncate } from "./html.js";

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
  const parts = [`<i>${escapeHtml(citation.section)}</i>`];
  if (citation.section !== citation.document) parts.push(escapeHtml(citation.document));
  if (citation.published) parts.push(escapeHtml(citation.published));
  const line = `— ${parts.join(", ")}`;
  return citation.source ? `${line} · <a href="${escapeHtml(citation.source)}">source</a>` : line;
}

export function renderAnswerHtml(answer: Answer): HtmlBlocks {
  if (!answer.answered) return [escapeHtml(answer.reason ?? "The sources don't say.")];
  return answer.snippets.map((snippet) => `<blockquote>${escapeHtml(truncate(snippet.text, MAX_QUOTE))}</blockquote>\n${citationLine(snippet)}`);
}

export function renderSummaryHtml(summary: Summary): HtmlBlocks {
  if (summary.points.length === 0) return [escapeHtml(summary.reason ?? "Nothing to summarise.")];
  const blocks = [`<b>Summary: ${escapeHtml(truncate(summary.title, 200))}</b>`];
  for (const point of summary.points) blocks.push(`• ${escapeHtml(truncate(point.text, MAX_QUOTE))}\n${citationLine(point)}`);
  if (summary.omitted.length > 0) blocks.push(`<i>Left out to stay short: ${escapeHtml(truncate(summary.omitted.join("; "), 500))}</i>`);
  return blocks;
}

export function renderSourcesHtml(sources: readonly SourceInfo[]): HtmlBlocks {
  return sources.map((source) => {
    const title = escapeHtml(truncate(source.title, 200));
    const head = source.source ? `<a href="${escapeHtml(source.source)}">${title}</a>` : `<b>${title}</b>`;
    const details = [source.author && `by ${source.author}`, source.published].filter(Boolean).join(", ");
    return `• ${head}${details ? ` (${escapeHtml(details)})` : ""}`;
  });
}

export function renderHelpHtml(catalog: CommandCatalog): HtmlBlocks {
  const lines = catalog.commands.map((command) => {
    const usage = command.kind === "ask" ? ` &lt;question&gt;` : command.kind === "summary" ? " [section]" : "";
    return `/${command.telegramName}${usage} — ${escapeHtml(command.description)}`;
  });
  return [
    "Ask me about the sources: send a question in a private chat, or use a command. Answers quote the sources and say where each quote comes from.",
    lines.join("\n"),
    "In a group, mention my @username with a question, or reply to a message with /ask to ask about it. In any chat, type my @username and a question for inline answers.",
  ];
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
