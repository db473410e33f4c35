import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorpusError } from "../../src/corpus/CorpusError.js";
import { buildCorpus, loadCorpus } from "../../src/corpus/loadCorpus.js";
import { parseDocument } from "../../src/corpus/parseDocument.js";

async function tempCorpus(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cited-corpus-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("parseDocument", () => {
  const source = `---\ntitle: A Title\nsource: https://example.org/a\nauthor: Ann\npublished: 2025-01-31\n---\n\nLead text here. Second sentence.\n\n## First Heading\n\nBody one\ncontinues here.\n\n- a list item counts\n\n## Second\n\nLast words`;

  it("reads front matter, sections, paragraphs and sentences with exact offsets", () => {
    const doc = parseDocument("a.md", source, "markdown");
    expect(doc).toMatchObject({ id: "a.md", title: "A Title", source: "https://example.org/a", author: "Ann", published: "2025-01-31" });
    expect(doc.sections.map((s) => s.heading)).toEqual(["A Title", "First Heading", "Second"]);
    expect(doc.sections[1]!.slug).toBe("first-heading");
    expect(doc.sections[1]!.paragraphs.map((p) => p.text)).toEqual(["Body one continues here.", "a list item counts"]);
    for (const section of doc.sections) {
      for (const paragraph of section.paragraphs) {
        for (const sentence of paragraph.sentences) expect(source.slice(sentence.start, sentence.end).replace(/\n/g, " ")).toBe(sentence.text);
      }
    }
    expect(doc.sections.flatMap((s) => s.paragraphs).map((p) => p.index)).toEqual([0, 1, 2, 3]);
  });

  it("takes the title from a first-level heading, else the file name", () => {
    expect(parseDocument("x.md", "# Big Title\n\nText.", "markdown").title).toBe("Big Title");
    expect(parseDocument("dir/water-report.txt", "Text.", "text").title).toBe("Water report");
    // An empty heading names nothing (found by the corpus property test).
    expect(parseDocument("water-report.md", "# \n\nText.", "markdown").title).toBe("Water report");
  });

  it("reads plain text as paragraphs only", () => {
    const doc = parseDocument("t.txt", "# not a heading\n\nSecond paragraph.\nSame paragraph.", "text");
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]!.paragraphs.map((p) => p.text)).toEqual(["# not a heading", "Second paragraph. Same paragraph."]);
  });

  /** Every sentence's text must sit at its offsets, markup blanked out, so citations stay exact. */
  const expectAligned = (source: string, doc: ReturnType<typeof parseDocument>) => {
    for (const paragraph of doc.sections.flatMap((s) => s.paragraphs)) {
      expect(paragraph.text).toHaveLength(paragraph.end - paragraph.start);
      for (const sentence of paragraph.sentences) {
        expect(sentence.text).toHaveLength(sentence.end - sentence.start);
        expect(paragraph.text.slice(sentence.start - paragraph.start, sentence.end - paragraph.start)).toBe(sentence.text);
        for (const word of sentence.text.split(/\s+/)) expect(source.slice(sentence.start, sentence.end)).toContain(word);
      }
    }
  };
  const sentencesOf = (doc: ReturnType<typeof parseDocument>) => doc.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.sentences.map((t) => t.text.replace(/\s+/g, " "))));

  it("quotes words, not Markdown: emphasis, links and block quote markers are blanked in place", () => {
    const source = "Intro with **bold** and a [link](https://example.org/x) here. See `npm start` too.\n\n> Quoted first line\n> quoted second line. Another one.\n\n> > Nested\n> > quote.\n\nAn <b>html</b> tag and ![alt](pic.png) image.";
    const doc = parseDocument("m.md", source, "markdown");
    expect(sentencesOf(doc)).toEqual([
      "Intro with bold and a link here.",
      "See `npm start` too.",
      "Quoted first line quoted second line.",
      "Another one.",
      "Nested quote.",
      "An html tag and image.",
    ]);
    expectAligned(source, doc);
  });

  it("reads CRLF files and a byte order mark, keeping offsets exact", () => {
    const source = "\uFEFF---\r\ntitle: Windows\r\nauthor: Bob\r\n---\r\n\r\n## Part\r\n\r\nLine one\r\ncontinues. Second.\r\n";
    const doc = parseDocument("w.md", source, "markdown");
    expect(doc).toMatchObject({ title: "Windows", author: "Bob" });
    expect(doc.sections.map((s) => s.heading)).toEqual(["Part"]);
    expect(sentencesOf(doc)).toEqual(["Line one continues.", "Second."]);
    expectAligned(source, doc);
    const bare = parseDocument("b.md", "\uFEFFJust text.", "markdown");
    expect(sentencesOf(bare)).toEqual(["Just text."]);
    expectAligned("\uFEFFJust text.", bare);
  });

  it("takes numbers as text in front matter and accepts an empty block", () => {
    expect(parseDocument("n.md", "---\ntitle: 1984\nauthor: 42\n---\nText.", "markdown")).toMatchObject({ title: "1984", author: "42" });
    expect(parseDocument("e.md", "---\n---\nText.", "markdown").title).toBe("E");
  });

  it("gives sections with the same heading distinct slugs", () => {
    const doc = parseDocument("d.md", "## Background\n\nOne.\n\n## Background\n\nTwo.\n\n## Background\n\nThree.", "markdown");
    expect(doc.sections.map((s) => s.slug)).toEqual(["background", "background-2", "background-3"]);
  });

  it.each([
    ["an unclosed block", "---\ntitle: Draft\n\nText.", /no closing ---/],
    ["a list instead of fields", "---\n- a\n---\nText.", /front matter/],
    ["an unknown field", "---\npubished: 2025-01-01\n---\nText.", /unknown field.*pubished/],
    ["a bad date", "---\npublished: 31/01/2025\n---\nText.", /published.*YYYY-MM-DD/],
    ["a bad URL", "---\nsource: not a url\n---\nText.", /source/],
    ["invalid YAML", "---\ntitle: [unclosed\n---\nText.", /YAML/],
  ])("names the problem for %s", (_name, text, message) => {
    expect(() => parseDocument("bad.md", text, "markdown")).toThrow(message);
  });
});

describe("loadCorpus", () => {
  it("skips a malformed file, naming it, and loads the rest", async () => {
    const dir = await tempCorpus({ "good.md": "# Good\n\nFine text.", "bad.md": "---\npublished: yesterday\n---\nText.", "notes.json": "{}" });
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(["good.md"]);
    expect(corpus.problems).toEqual([{ file: "bad.md", message: expect.stringMatching(/published/) }]);
  });

  it("reports a file that is not UTF-8 and one it may not read, naming them", async () => {
    const dir = await tempCorpus({ "good.md": "Fine text." });
    await writeFile(join(dir, "latin1.txt"), Buffer.from("caf\xe9 au lait.", "latin1"));
    await writeFile(join(dir, "secret.md"), "Hidden text.");
    await chmod(join(dir, "secret.md"), 0o000);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toContain("good.md");
    expect(corpus.documents.map((d) => d.id)).not.toContain("latin1.txt");
    expect(corpus.problems).toContainEqual({ file: "latin1.txt", message: expect.stringMatching(/not UTF-8/) });
    // root may read anything; everyone else gets the problem.
    if (process.getuid?.() !== 0) expect(corpus.problems).toContainEqual({ file: "secret.md", message: expect.stringMatching(/cannot be read/) });
  });

  it("loads files in sub-folders", async () => {
    const dir = await tempCorpus({});
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub", "deep.txt"), "Deep text.");
    expect((await loadCorpus(dir)).documents.map((d) => d.id)).toEqual([join("sub", "deep.txt")]);
  });

  it("refuses an empty or missing folder with stable identifiers", async () => {
    await expect(loadCorpus(await tempCorpus({}))).rejects.toMatchObject({ identifier: "corpus-empty" });
    await expect(loadCorpus(join(tmpdir(), "cited-no-such-dir"))).rejects.toBeInstanceOf(CorpusError);
    await expect(loadCorpus(join(tmpdir(), "cited-no-such-dir"))).rejects.toMatchObject({ identifier: "corpus-missing" });
    expect(() => buildCorpus([{ name: "only.md", text: "---\nbad: 1\n---\n" }])).toThrow(/only\.md/);
  });

  it("refuses a malformed synonyms file", async () => {
    const dir = await tempCorpus({ "a.md": "Text.", "synonyms.yaml": "- [lonely]\n" });
    await expect(loadCorpus(dir)).rejects.toMatchObject({ identifier: "synonyms-invalid" });
  });
});

describe("the shipped corpus", () => {
  it("is the article with its headings, author and words unchanged", async () => {
    const corpus = await loadCorpus("corpus");
    const [article] = corpus.documents;
    expect(corpus.problems).toEqual([]);
    expect(article!.author).toBe("Sofia Babu Chacko");
    expect(article!.sections.length).toBeGreaterThanOrEqual(8);
    expect(article!.sections.at(-1)!.heading).toBe("About the author");
    // Word for word against the original: sourceArticle.test.ts.
  });
});
