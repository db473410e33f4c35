import type { TaughtEntry } from "../store/types.js";

/** The title of the document that holds what moderators taught. */
export const TAUGHT_DOCUMENT_TITLE = "Moderators' answers";

/**
 * The taught answers as a Markdown corpus document, for the operator to
 * review and commit: one `## question` section per entry, the answer, and a
 * line naming the moderator and the date. Lines Markdown would read as
 * structure spanning entries are escaped, so every entry stays its own
 * section: headings (`#`, and a line of `-` or `=` under text), front matter,
 * code fences (an unclosed one would swallow every entry after it) and HTML
 * blocks (an unclosed comment likewise).
 */
export function taughtToMarkdown(entries: readonly TaughtEntry[]): string {
  const sections = entries.map((entry) => {
    const question = entry.question.replace(/\s+/g, " ").trim();
    const answer = entry.answer.trim().split(/\r?\n/).map(escapeBlockStart).join("\n");
    return `## ${question.replace(/^#/, "\\#")}\n\n${answer}\n\nAnswer from a moderator, ${entry.moderatorName.replace(/\s+/g, " ").trim()}, ${entry.createdAt.toISOString().slice(0, 10)}.\n`;
  });
  return [`---\ntitle: "${TAUGHT_DOCUMENT_TITLE}"\n---\n`, ...sections].join("\n");
}

/** Block starts that would reach past an entry: ATX and setext headings, thematic breaks of `-`, fences, HTML. */
const BLOCK_START = /^(\s{0,3})(#|[-=]+\s*$|(?:-\s*){3,}$|`{3,}|~{3,}|<)/;

function escapeBlockStart(line: string): string {
  return line.replace(BLOCK_START, (_match, indent: string, start: string) => `${indent}\\${start}`);
}
