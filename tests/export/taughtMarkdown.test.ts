import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/corpus/parseDocument.js";
import { taughtToMarkdown } from "../../src/export/taughtMarkdown.js";
import type { TaughtEntry } from "../../src/store/types.js";

function entry(id: number, question: string, answer: string): TaughtEntry {
  return {
    id,
    question,
    answer,
    moderatorName: "Mod Ann",
    moderatorHash: "h",
    platform: "discord",
    community: "console",
    createdAt: new Date("2026-12-04T10:00:00Z"),
  };
}

describe("export-taught's Markdown", () => {
  it("keeps every entry its own section, whatever Markdown an answer holds", () => {
    const answers = [
      "Run this:\n```sh\nnpm start\n(the fence is never closed)",
      "First line\n-\nstill the answer",
      "Totals\n----\nand more",
      "Before\n=\nafter",
      "~~~\nopen tilde fence",
      "<!-- an unclosed comment",
      "- - -\n# not a heading\n---",
    ];
    const entries = answers.map((answer, i) => entry(i + 1, `Question ${i + 1}?`, answer));
    const document = parseDocument("taught.md", taughtToMarkdown(entries), "markdown");
    expect(document.sections.map((section) => section.heading)).toEqual(entries.map((e) => e.question));
    for (const [i, section] of document.sections.entries()) {
      const text = section.paragraphs.map((paragraph) => paragraph.text).join(" ");
      expect(text, `entry ${i + 1}`).toContain("Answer from a moderator, Mod Ann, 2026-12-04.");
    }
    expect(document.sections[1]!.paragraphs.map((p) => p.text).join(" ")).toContain("still the answer");
  });
});
