import type { Answer, Citation, SourceInfo, Summary } from "../answer/types.js";
import type { CommandCatalog } from "../commands/types.js";

/**
 * Plain-text renderer for the terminal (CLI and console chat). Quotes are
 * the documents' own words; every quote is followed by its citation.
 */

/** "Section — Document, 2025-11-20, https://…" */
export function formatCitation(citation: Citation): string {
  const parts = [citation.section === citation.document ? citation.document : `${citation.section} — ${citation.document}`];
  if (citation.published) parts.push(citation.published);
  parts.push(`paragraph ${citation.paragraph}`);
  if (citation.source) parts.push(citation.source);
  return parts.join(", ");
}

export function renderAnswerText(answer: Answer): string {
  if (!answer.answered) return answer.reason ?? "The sources don't say.";
  return answer.snippets.map((snippet) => `“${snippet.text}”\n   — ${formatCitation(snippet)}`).join("\n\n");
}

export function renderSummaryText(summary: Summary): string {
  if (summary.points.length === 0) return summary.reason ?? "Nothing to summarise.";
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

export function renderHelpText(catalog: CommandCatalog): string {
  const lines = ["Type a question, or one of these commands:", ""];
  for (const command of catalog.commands) {
    const usage = command.kind === "ask" ? `/${command.name} <question>` : command.kind === "summary" ? `/${command.name} [section]` : `/${command.name}`;
    lines.push(`  ${usage.padEnd(28)} ${command.description}`);
  }
  lines.push("", "Answers quote the sources and say where each quote comes from.");
  return lines.join("\n");
}
