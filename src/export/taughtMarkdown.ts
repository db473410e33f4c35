import type { TaughtEntry } from "../store/types.js";

/** The title of the document that holds what moderators taught. */
export const TAUGHT_DOCUMENT_TITLE = "Moderators' answers";

/**
 * The taught answers as a Markdown corpus document, for the operator to
 * review and commit: one `## question` section per entry, the answer, and a
 * line naming the moderator and the date. Text that Markdown would read as a
 * heading or front matter is escaped, so every entry stays its own section.
 */
export function taughtToMarkdown(entries: readonly TaughtEntry[]): string {
  const sections = entries.map((entry) => {
    const question = entry.question.replace(/\s+/g, " ").trim();
    const answer = entry.answer
      .trim()
      .split(/\r?\n/)
      .map((line) => line.replace(/^(\s{0,3})(#|---|===)/, "$1\\$2"))
      .join("\n");
    return `## ${question.replace(/^#/, "\\#")}\n\n${answer}\n\nAnswer from a moderator, ${entry.moderatorName.replace(/\s+/g, " ").trim()}, ${entry.createdAt.toISOString().slice(0, 10)}.\n`;
  });
  return [`---\ntitle: "${TAUGHT_DOCUMENT_TITLE}"\n---\n`, ...sections].join("\n");
}
