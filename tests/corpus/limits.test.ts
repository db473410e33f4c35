import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
import { parseDocument } from "../../src/corpus/parseDocument.js";
import type { CorpusDocument } from "../../src/corpus/types.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempCorpus(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cited-limits-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Sentences of the shape real prose has, numbered so that no two are the same. */
const prose = (sentences: number) => Array.from({ length: sentences }, (_, n) => `The committee met on day ${n} and agreed to review the budget again.`).join(" ");

function checkBounded(document: CorpusDocument, source: string, limits: { paragraph: number; sentence: number }) {
  const paragraphs = document.sections.flatMap((section) => section.paragraphs);
  paragraphs.forEach((paragraph, index) => {
    expect(paragraph.index).toBe(index);
    expect(paragraph.text.length).toBeLessThanOrEqual(limits.paragraph);
    expect(paragraph.end - paragraph.start).toBe(paragraph.text.length);
    paragraph.sentences.forEach((sentence, i) => {
      expect(sentence.index).toBe(i);
      expect(sentence.text.length).toBeLessThanOrEqual(limits.sentence);
      expect(source.slice(sentence.start, sentence.end).replace(/\n/g, " ")).toBe(sentence.text);
    });
  });
  return paragraphs;
}

describe("corpus limits", () => {
  it("loads an 8 MB plain-text paragraph in pieces at sentence ends, with a warning naming the file", { timeout: 120_000 }, async () => {
    const text = `${prose(125_000)}\n`;
    expect(text.length).toBeGreaterThan(8_000_000);
    const dir = await tempCorpus({ "huge.txt": text, "small.txt": "A small file. It is fine." });
    const corpus = await loadCorpus(dir);
    const huge = corpus.documents.find((document) => document.id === "huge.txt");
    expect(huge).toBeDefined();
    const paragraphs = checkBounded(huge as CorpusDocument, text, { paragraph: 20_000, sentence: 1_000 });
    expect(paragraphs.length).toBeGreaterThanOrEqual(text.length / 20_000);
    // Cut at sentence ends: every piece ends with a full sentence.
    for (const paragraph of paragraphs) expect(paragraph.text).toMatch(/again\.$/);
    expect(paragraphs.flatMap((p) => p.sentences)).toHaveLength(125_000);
    expect(corpus.problems).toEqual([{ file: "huge.txt", loaded: true, message: expect.stringMatching(/^has a paragraph over the 20,000-character limit \(at line 1, 8,\d{3},\d{3} characters\): indexed in pieces/) }]);
  });

  it("cuts a giant one-line Markdown paragraph with no sentence end into bounded sentences", () => {
    const source = `# Log\n\n${"status ok code 200 path /api/v1/items ".repeat(20_000)}\n\nAfter.`;
    const warnings: string[] = [];
    const document = parseDocument("log.md", source, "markdown", { limits: { maxParagraphChars: 5_000, maxSentenceChars: 300 }, warn: (message) => warnings.push(message) });
    const paragraphs = checkBounded(document, source, { paragraph: 5_000, sentence: 300 });
    expect(paragraphs.at(-1)?.text).toBe("After.");
    expect(warnings).toEqual([expect.stringContaining("has a paragraph over the 5,000-character limit (at line 3, ")]);
  });

  it("says how many paragraphs were over the limit, pointing at the longest", () => {
    const warnings: string[] = [];
    parseDocument("two.txt", `Short one.\n\n${prose(100)}\n\n${prose(200)}`, "text", { limits: { maxParagraphChars: 2_000 }, warn: (message) => warnings.push(message) });
    expect(warnings).toEqual([expect.stringMatching(/^has 2 paragraphs over the 2,000-character limit \(the longest at line 5, /)]);
  });

  it("skips a file over the size limit without reading it, naming the file and both sizes", async () => {
    const dir = await tempCorpus({ "big.md": `# Big\n\n${prose(40)}`, "ok.md": "# Ok\n\nFine text." });
    const corpus = await loadCorpus(dir, [], { maxFileBytes: 1_000 });
    expect(corpus.documents.map((document) => document.id)).toEqual(["ok.md"]);
    expect(corpus.problems).toEqual([{ file: "big.md", message: expect.stringMatching(/^is 3 KB, over the 1 KB limit for one file \(MAX_FILE_MB\): split it into smaller files$/) }]);
  });

  it("skips a symbolic link with a warning, as other skipped files", async () => {
    const outside = await tempCorpus({ "secret.md": "# Secret\n\nNot part of the corpus." });
    const dir = await tempCorpus({ "ok.md": "# Ok\n\nFine text." });
    await symlink(join(outside, "secret.md"), join(dir, "linked.md"));
    await symlink(outside, join(dir, "linked-folder"));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((document) => document.id)).toEqual(["ok.md"]);
    expect(corpus.problems.map((problem) => problem.file).sort()).toEqual(["linked-folder", "linked.md"]);
    for (const problem of corpus.problems) expect(problem.message).toMatch(/^is a symbolic link/);
  });
});
