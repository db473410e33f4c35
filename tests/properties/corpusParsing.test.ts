import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrontMatterError, readFrontMatter } from "../../src/corpus/frontMatter.js";
import { parseDocument } from "../../src/corpus/parseDocument.js";
import { RUNS, textOf } from "./arbitraries.js";

const MARKDOWN = [
  "# ",
  "## ",
  "###### ",
  "\n",
  "\n\n",
  "\r\n",
  "- ",
  "* ",
  "1. ",
  "> ",
  "```",
  "~~~",
  "    ",
  "| a | b |\n|---|---|\n",
  "[a](b)",
  "![i](x.png)",
  "<div>",
  "</div>",
  "**",
  "_",
  "`",
  "\\",
  "Mr. Smith went. ",
  "e.g. ",
  "?",
  "!",
  "...",
  "\uFEFF",
  "\u2028",
  "Hello world. ",
  "---\n",
  "===\n",
];
const YAML = [
  "title: ",
  "source: ",
  "author: ",
  "published: ",
  "pubished: ",
  "2025-02-30",
  "2025-01-31",
  "https://a.example/x",
  "ftp://x",
  "1984",
  "[1, 2]",
  "{a: 1}",
  "&a [*a]",
  "*a",
  "!!binary",
  "'",
  '"',
  ": ",
  "- ",
  "\n",
  "  ",
  "#",
  "~",
  "null",
  "yes",
];

/** A document: sometimes front matter first (closed or not), then Markdown-like text. */
const document = fc
  .tuple(
    fc.oneof(
      fc.constant(""),
      textOf(YAML, 12).map((yaml) => `---\n${yaml}\n---\n`),
      textOf(YAML, 6).map((yaml) => `\uFEFF---\n${yaml}\n`),
    ),
    textOf(MARKDOWN, 40),
  )
  .map(([front, body]) => front + body);

describe("the corpus parser, for any file", () => {
  // The yaml library warns on the process about the random tags (`!!binary`) it meets; that is not what this checks.
  beforeEach(() => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(["markdown", "text"] as const)("gives a document or a FrontMatterError (%s), with paragraphs inside the file", (format) => {
    fc.assert(
      fc.property(document, (source) => {
        let parsed;
        try {
          parsed = parseDocument("doc.md", source, format);
        } catch (error) {
          expect(error).toBeInstanceOf(FrontMatterError);
          expect((error as Error).message).toMatch(/front matter/);
          return;
        }
        expect(parsed.title.length).toBeGreaterThan(0);
        const slugs = parsed.sections.map((section) => section.slug);
        expect(new Set(slugs).size).toBe(slugs.length);
        for (const section of parsed.sections) {
          expect(section.paragraphs.length).toBeGreaterThan(0);
          for (const paragraph of section.paragraphs) {
            expect(paragraph.start).toBeGreaterThanOrEqual(0);
            expect(paragraph.end).toBeLessThanOrEqual(source.length);
            expect(paragraph.start).toBeLessThanOrEqual(paragraph.end);
          }
        }
      }),
      RUNS,
    );
  });

  it("reads front matter into known fields, or says what is wrong with it", () => {
    fc.assert(
      fc.property(textOf(YAML, 16), (yaml) => {
        const source = `---\n${yaml}\n---\nBody.`;
        try {
          const { metadata, bodyOffset } = readFrontMatter(source);
          expect(Object.keys(metadata).every((key) => ["title", "source", "author", "published"].includes(key))).toBe(true);
          expect(source.slice(bodyOffset)).toMatch(/Body\.$/);
        } catch (error) {
          expect(error).toBeInstanceOf(FrontMatterError);
          expect((error as Error).message).toMatch(/^front matter/);
        }
      }),
      RUNS,
    );
  });
});
