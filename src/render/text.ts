import type { Answer, Citation, SourceInfo, Summary, TimelineEntry } from "../answer/types.js";
import type { CommandCatalog, CommandDefinition } from "../commands/types.js";

import type { Reply } from "../pipeline/types.js";
import { emptyTimelineText, emptyWhatsNewText, entryDate, timelineTitle, whatsNewTitle } from "./datedWording.js";
import {
  adminLinkText,
  citationDetails,
  earlierLabel,
  webSourceLine,
  missingSummaryText,
  noticeText,
  refusalText,
  suggestionPromptText,
  waitingHeading,
} from "./wording.js";

/**
 * Plain-text renderer for the terminal (CLI and console chat). Quotes are
 * the documents' own words; every quote is followed by its citation.
 */

const commandName = (command: CommandDefinition) => `/${command.name}`;

/** "Section — Document, 2025-11-20, https://…"; a taught answer names its moderator. */
export function formatCitation(citation: Citation): string {
  if (citation.taught) return `Answer from a moderator, ${citation.taught.moderator}, ${citation.taught.date}`;
  const parts = [citation.section === citation.document ? citation.document : `${citation.section} — ${citation.document}`];
  parts.push(...citationDetails(citation), `paragraph ${citation.paragraph}`);
  if (citation.source) parts.push(citation.source);
  return parts.join(", ");
}

export function renderAnswerText(answer: Answer): string {
  if (!answer.answered) return refusalText(answer);
  return answer.snippets.map((snippet) => `${earlierLabel(snippet)}“${snippet.text}”\n   — ${formatCitation(snippet)}`).join("\n\n");
}

export function renderSummaryText(summary: Summary): string {
  if (!summary.found) return missingSummaryText(summary);
  const lines = [`Summary: ${summary.title}`, ""];
  for (const point of summary.points) lines.push(`• ${point.text}`, `   — ${formatCitation(point)}`);
  if (summary.omitted.length > 0) lines.push("", `(Left out to stay short: ${summary.omitted.join("; ")})`);
  return lines.join("\n");
}

export function renderSourcesText(sources: readonly SourceInfo[]): string {
  return sources
    .map((source) => {
      const details = [source.author && `by ${source.author}`, source.published, source.source].filter(Boolean).join(", ");
      return `• ${source.title}${details ? ` (${details})` : ""}\n  sections: ${source.sections.map((s) => s.slug).join(", ")}`;
    })
    .join("\n");
}

function usageOf(command: CommandDefinition): string {
  switch (command.kind) {
    case "ask":
      return `/${command.name} <question>`;
    case "summary":
      return `/${command.name} [section]`;
    case "gaps":
    case "whatsnew":
      return `/${command.name} [days]`;
    case "timeline":
      return `/${command.name} <topic>`;
    case "teach":
      return `/${command.name} question | answer`;
    case "untaught":
    case "pin":
      return `/${command.name} <number>`;
    default:
      return `/${command.name}`;
  }
}

export function renderHelpText(catalog: CommandCatalog): string {
  const lines = ["Type a question, or one of these commands:", ""];
  for (const command of catalog.commands) lines.push(`  ${usageOf(command).padEnd(28)} ${command.description}`);
  lines.push("", "Answers quote the sources and say where each quote comes from. After an answer, /good or /bad rates it.");
  return lines.join("\n");
}

function datedText(title: string, entries: readonly TimelineEntry[]): string {
  return [title, "", ...entries.map((entry) => `${entryDate(entry)}: “${entry.text}”\n   — ${formatCitation(entry)}`)].join("\n");
}

/** The console's rendering of any reply. */
export function renderReplyText(reply: Reply): string | undefined {
  switch (reply.kind) {
    case "answer": {
      const text = renderAnswerText(reply.answer);
      return reply.actions.some((action) => action.kind === "feedback") ? `${text}\n\n(/good or /bad rates this answer)` : text;
    }
    case "summary":
      return renderSummaryText(reply.summary);
    case "timeline":
      if (reply.timeline.entries.length === 0) return emptyTimelineText(reply.timeline);
      return datedText(timelineTitle(reply.timeline), reply.timeline.entries);
    case "whatsnew":
      if (reply.whatsNew.entries.length === 0) return emptyWhatsNewText(reply.whatsNew);
      return datedText(whatsNewTitle(reply.whatsNew), reply.whatsNew.entries);
    case "sources":
      return reply.web
        ? `${renderSourcesText(reply.sources)}\n\nWeb sources:\n${reply.web.map((status) => `• ${webSourceLine(status)}`).join("\n")}`
        : renderSourcesText(reply.sources);
    case "help":
      return renderHelpText(reply.catalog);
    case "notice":
      return noticeText(reply.notice, commandName);
    case "suggestions":
      return reply.choices.map((choice) => `• ${choice.name}`).join("\n");
    case "gaps": {
      const lines: string[] = [];
      if (reply.waiting.count > 0) {
        lines.push(waitingHeading(reply.waiting.count));
        for (const item of reply.waiting.items) lines.push(`  “${item.question}” (${item.link})`);
        lines.push("");
      }
      if (reply.suggestions.length > 0) {
        lines.push("Suggested answers from moderators' replies (teach or ignore them on the moderators' page, /admin):");
        for (const item of reply.suggestions) lines.push(`  #${item.id} “${item.question}” → ${item.answer} — ${item.author}`);
        lines.push("");
      }
      lines.push(`Knowledge gaps, last ${reply.days} day(s):`);
      if (reply.gaps.length === 0) lines.push("  none: every question was answered.");
      for (const gap of reply.gaps) lines.push(`  ${gap.count}× ${gap.terms.join(" ")} — e.g. ${gap.examples.map((e) => `“${e}”`).join(", ")}`);
      if (reply.downvoted.length > 0) {
        lines.push("", "Answers voted down most:");
        for (const entry of reply.downvoted)
          lines.push(`  👎 ${entry.down} 👍 ${entry.up} “${entry.question}”${entry.quote ? ` → “${entry.quote}” (${entry.section})` : ""}`);
      }
      return lines.join("\n");
    }
    case "suggestion":
      return suggestionPromptText(reply.suggestion);
    case "taught-list":
      return reply.entries.length === 0
        ? "No taught answers yet."
        : reply.entries.map((entry) => `#${entry.id} “${entry.question}” → ${entry.answer}\n   — ${entry.moderator}, ${entry.date}`).join("\n");
    case "admin-link":
      return adminLinkText(reply.url, reply.expiresAt);
    case "pin-choices":
      return [
        `Reply with /${reply.command.name} <number> to pin one of these as the answer:`,
        ...reply.choices.map((choice) => `  ${choice.n}. “${choice.label}”`),
      ].join("\n");
    case "delete-answer":
    case "none":
      return undefined;
  }
}
