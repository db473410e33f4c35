import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { deepLink, encodeFragmentTerm, textFragmentLink } from "../../src/answer/deepLink.js";
import { buildCorpus, parseCorpus } from "../../src/corpus/loadCorpus.js";
import { parseHtml } from "../../src/corpus/formats/html.js";
import type { CorpusDocument } from "../../src/corpus/types.js";

const page = (paragraphs: string[]) =>
  parseHtml(
    "p.html",
    `<html><head><link rel="canonical" href="https://news.example.org/story#top"></head><body><article>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`,
  );
const sentenceOf = (document: CorpusDocument, text: string) => {
  for (const paragraph of document.sections.flatMap((s) => s.paragraphs)) {
    const sentence = paragraph.sentences.find((s) => s.text === text);
    if (sentence) return { paragraph, sentence };
  }
  throw new Error(`no sentence ${text}`);
};

describe("text fragment links", () => {
  it("percent-encodes the directive's own syntax (- , &) with the rest", () => {
    expect(encodeFragmentTerm("long-term, fish & chips")).toBe("long%2Dterm%2C%20fish%20%26%20chips");
  });

  it("links a short quote whole, and a long one by its first and last words", () => {
    const document = page([
      "The pier reopened on Monday.",
      "Repairs to the old harbour wall took eleven weeks longer than planned because of winter storms and a shortage of stone.",
    ]);
    const short = sentenceOf(document, "The pier reopened on Monday.");
    expect(textFragmentLink("https://news.example.org/story#top", document, short.paragraph, short.sentence.start, short.sentence.end)).toBe(
      "https://news.example.org/story#:~:text=The%20pier%20reopened%20on%20Monday.",
    );
    const long = sentenceOf(
      document,
      "Repairs to the old harbour wall took eleven weeks longer than planned because of winter storms and a shortage of stone.",
    );
    expect(textFragmentLink("https://news.example.org/story", document, long.paragraph, long.sentence.start, long.sentence.end)).toBe(
      "https://news.example.org/story#:~:text=Repairs%20to%20the%20old,a%20shortage%20of%20stone.",
    );
  });

  it("adds the words before the quote as prefix-, when its start is not unique on the page", () => {
    const document = page(["Ferries were cancelled on Friday.", "The storm passed. Ferries were cancelled on Friday."]);
    const second = document.sections[0]?.paragraphs[1];
    const sentence = second?.sentences[1];
    if (!second || !sentence) throw new Error("fixture");
    expect(textFragmentLink("https://x.example/a", document, second, sentence.start, sentence.end)).toBe(
      "https://x.example/a#:~:text=The%20storm%20passed.-,Ferries%20were%20cancelled%20on%20Friday.",
    );
    const first = document.sections[0]?.paragraphs[0];
    const opening = first?.sentences[0];
    if (!first || !opening) throw new Error("fixture");
    // With no words around it in its paragraph, the quote alone is the link: the browser goes to its first match, which it is.
    expect(textFragmentLink("https://x.example/a", document, first, opening.start, opening.end)).toBe(
      "https://x.example/a#:~:text=Ferries%20were%20cancelled%20on%20Friday.",
    );
  });

  it("links a PDF with a URL at its page, and keeps a Markdown source as declared", () => {
    const [markdown] = buildCorpus([{ name: "m.md", text: "---\nsource: https://example.org/m\n---\nText here." }]).documents;
    if (!markdown) throw new Error("fixture");
    const paragraph = markdown.sections[0]?.paragraphs[0];
    if (!paragraph) throw new Error("fixture");
    expect(deepLink(markdown, paragraph, paragraph.start, paragraph.end, undefined)).toBe("https://example.org/m");
    expect(deepLink({ ...markdown, source: "https://example.org/r.pdf", pages: [0] }, paragraph, paragraph.start, paragraph.end, 3)).toBe(
      "https://example.org/r.pdf#page=3",
    );
  });

  it("puts the link on ask --json's source for a web page", async () => {
    const service = new AnswerService(
      await parseCorpus([
        {
          name: "story.html",
          text: `<html><head><link rel="canonical" href="https://news.example.org/story"><meta property="article:published_time" content="2025-12-19"></head><body><article><h1>Harbour</h1><p>The pier reopened on Monday after eleven weeks of repairs to the harbour wall.</p></article></body></html>`,
        },
      ]),
    );
    const top = service.ask("When did the pier reopen?").snippets[0];
    expect(top).toMatchObject({ documentId: "story.html", published: "2025-12-19" });
    expect(top?.source).toMatch(/^https:\/\/news\.example\.org\/story#:~:text=The%20pier%20reopened%20on%20Monday/);
  });
});
