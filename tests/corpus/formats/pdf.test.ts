import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { pageAt } from "../../../src/answer/citation.js";
import { joinLines, layoutBlocks, parsePdf, type PdfLine } from "../../../src/corpus/formats/pdf.js";
import type { CorpusDocument } from "../../../src/corpus/types.js";

const fixture = async () => parsePdf("report.pdf", await readFile("tests/fixtures/formats/report.pdf"));
const sentences = (document: CorpusDocument) => document.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.sentences.map((x) => ({ ...x, paragraph: p }))));

describe("parsePdf on a page Chromium printed", () => {
  it("rebuilds the headings as sections and takes the title from the PDF's metadata", async () => {
    const document = await fixture();
    expect(document.title).toBe("Millbrook Reservoir Annual Report");
    expect(document.sections.map((s) => s.heading)).toEqual(["Summary", "Leakage", "Water quality", "Finances"]);
    expect(document.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("joins lines into paragraphs, undoes hyphenation at line ends and keeps real hyphens", async () => {
    const text = (await fixture()).sections.flatMap((s) => s.paragraphs.map((p) => p.text)).join("\n");
    expect(text).toContain("which is still above the national target of 12 percent");
    expect(text).toContain("below the long-term average");
    // Ligatures (fi, ff, fl) are separate text items in the PDF; they rejoin their words.
    expect(text).toContain("the reservoir to refill slowly");
    expect(text).toContain("in line with inflation, and the social tariff for households");
  });

  it("drops the running header and footer Chromium printed on every page", async () => {
    const text = JSON.stringify((await fixture()).sections);
    expect(text).not.toMatch(/file:\/\/|\d+\/\d+\/\d+, \d+:\d+|\b[12]\/2\b/);
  });

  it("keeps a sentence that runs across the page break whole, and knows the page of every quote", async () => {
    const document = await fixture();
    const across = sentences(document).find((s) => s.text.startsWith("The board thanks every customer"));
    expect(across?.text).toBe("The board thanks every customer who took the time to send a photograph.");
    expect(document.pages).toHaveLength(2);
    const first = sentences(document).find((s) => s.text.startsWith("The Millbrook reservoir held"));
    const later = sentences(document).find((s) => s.text.startsWith("Spending on repairs"));
    expect(pageAt(document.pages ?? [], first?.start ?? -1)).toBe(1);
    expect(pageAt(document.pages ?? [], later?.start ?? -1)).toBe(2);
  });

  it("gives offsets into one canonical text: every sentence is an exact substring of its paragraph", async () => {
    for (const sentence of sentences(await fixture())) {
      expect(sentence.paragraph.text.slice(sentence.start - sentence.paragraph.start, sentence.end - sentence.paragraph.start)).toBe(sentence.text);
    }
  });
});

describe("layoutBlocks", () => {
  const line = (page: number, y: number, text: string, size = 10): PdfLine => ({ page, y, text, size });

  it("makes one section per page when no line is set larger than the body", () => {
    const blocks = layoutBlocks([line(1, 700, "First page text."), line(1, 688, "More of it."), line(2, 700, "Second page text.")], 2);
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["heading", "Page 1"],
      ["paragraph", "First page text. More of it."],
      ["heading", "Page 2"],
      ["paragraph", "Second page text."],
    ]);
  });

  it("starts a paragraph at a wider gap, and continues one across a page only mid-sentence", () => {
    const blocks = layoutBlocks(
      [line(1, 700, "One line"), line(1, 688, "goes on."), line(1, 660, "A new paragraph that"), line(2, 700, "ends on the next page."), line(2, 688, "Then more.")],
      2,
    );
    const paragraphs = blocks.filter((b) => b.kind === "paragraph");
    expect(paragraphs.map((b) => b.text)).toEqual(["One line goes on.", "A new paragraph that ends on the next page. Then more."]);
    expect(paragraphs[1]?.turns).toEqual(["A new paragraph that ".length]);
  });

  it("drops lines repeated at the same place on most pages, page numbers included", () => {
    const pages = [1, 2, 3].flatMap((p) => [line(p, 780, "Annual report 2025", 8), line(p, 700, `Body of page ${"abc"[p - 1]}.`), line(p, 20, `Page ${p} of 3`, 8)]);
    expect(layoutBlocks(pages, 3).filter((b) => b.kind === "paragraph").map((b) => b.text)).toEqual(["Body of page a.", "Body of page b.", "Body of page c."]);
  });
});

describe("joinLines", () => {
  it("undoes a plain hyphen only when the joined word is the document's own", () => {
    expect(joinLines("the long-", "term view", new Set(["long-term"]))).toBe("the long-term view");
    expect(joinLines("the tar-", "get was met", new Set(["target"]))).toBe("the target was met");
    expect(joinLines("the tar\u2010", "get was met", new Set())).toBe("the target was met");
    expect(joinLines("ends here", "and goes on", new Set())).toBe("ends here and goes on");
  });
});
