import { describe, expect, it } from "vitest";
import { markdownPieces } from "../../src/corpus/markdownPieces.js";
import { parseDocument } from "../../src/corpus/parseDocument.js";

const covers = (body: string, pieces: Array<[number, number]>) => {
  expect(pieces[0]?.[0]).toBe(0);
  expect(pieces.at(-1)?.[1]).toBe(body.length);
  for (let i = 1; i < pieces.length; i++) expect(pieces[i]?.[0]).toBe(pieces[i - 1]?.[1]);
};
const cuts = (body: string, size: number) => markdownPieces(body, size).slice(1).map(([start]) => body.slice(start).split("\n", 1)[0]);

describe("markdownPieces", () => {
  it("cuts before a top-level block after a blank line, once a piece is long enough", () => {
    const body = "# One\n\nFirst paragraph.\n\n## Two\n\nSecond\nparagraph.\n\n- a list\n\n  continued\n\nLast.";
    covers(body, markdownPieces(body, 10));
    expect(cuts(body, 10)).toEqual(["## Two", "- a list", "Last."]);
    expect(markdownPieces(body, 1_000)).toEqual([[0, body.length]]);
  });

  it("never cuts inside fenced code or an HTML block that holds blank lines", () => {
    const body = "Intro text here.\n\n```md\n# not a heading\n\nStill code.\n```\n\n<!--\n\nHidden\n\n-->\n\n<pre>\n\nKept\n</pre>\n\n~~~~\n~~~\n\nCode\n~~~~\n\nAfter.";
    expect(cuts(body, 1)).toEqual(["```md", "<!--", "<pre>", "~~~~", "After."]);
  });

  it("leaves a body with nowhere to cut whole", () => {
    const body = "word ".repeat(10_000);
    expect(markdownPieces(body, 100)).toEqual([[0, body.length]]);
  });

  it("parses a long file in pieces as the whole would parse: same paragraphs, code not quoted, offsets exact", () => {
    const part = (n: number) => `## Part ${n}\n\nThe council met on day ${n}. It agreed.\n\n\`\`\`\ncode line ${n}\n\n# code heading ${n}\n\`\`\`\n\n> Quoted ${n}.\n\n- item ${n}\n`;
    const source = `# Big\n\n${Array.from({ length: 600 }, (_, n) => part(n)).join("\n")}`;
    expect(source.length).toBeGreaterThan(64_000);
    expect(markdownPieces(source, 32_000).length).toBeGreaterThan(1);
    const document = parseDocument("big.md", source, "markdown");
    expect(document.title).toBe("Big");
    expect(document.sections).toHaveLength(600);
    document.sections.forEach((section, n) => {
      expect(section.heading).toBe(`Part ${n}`);
      expect(section.paragraphs.map((p) => p.text.trim())).toEqual([`The council met on day ${n}. It agreed.`, `Quoted ${n}.`, `item ${n}`]);
      for (const paragraph of section.paragraphs) for (const sentence of paragraph.sentences) expect(source.slice(sentence.start, sentence.end)).toBe(sentence.text);
    });
  });
});
