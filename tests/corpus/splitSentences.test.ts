import { readFileSync } from "node:fs";
import type { Sentence } from "../../src/corpus/types.js";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/corpus/splitSentences.js";

const texts = (source: string) => splitSentences(source).map((s) => s.text);

describe("splitSentences", () => {
  it("gives offsets that slice the source exactly", () => {
    const source = "First one.  Second one? Third!";
    const sentences = splitSentences(source, 100);
    expect(sentences.map((s) => s.text)).toEqual(["First one.", "Second one?", "Third!"]);
    for (const s of sentences) expect(source.slice(s.start - 100, s.end - 100)).toBe(s.text);
    expect(sentences.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it("keeps a paragraph without a final full stop", () => {
    expect(texts("It was agreed. The force remains unresolved")).toEqual(["It was agreed.", "The force remains unresolved"]);
  });

  it("splits after a quotation that closes after the stop", () => {
    expect(texts("He said it was “very grateful.” Then he left.")).toEqual(["He said it was “very grateful.”", "Then he left."]);
  });

  it("does not split abbreviations, decimals or hyphenated numbers", () => {
    expect(texts("The U.S. and Dr. Smith met Mr. Jones. It cost $3.5 million under a 20-point plan.")).toEqual([
      "The U.S. and Dr. Smith met Mr. Jones.",
      "It cost $3.5 million under a 20-point plan.",
    ]);
  });
});

describe("splitSentences, boundaries sbd misses", () => {
  it("splits after a stop inside closing single quotes (British style)", () => {
    expect(texts("He said ‘we are grateful.’ Then he left.")).toEqual(["He said ‘we are grateful.’", "Then he left."]);
    expect(texts("He said 'we are.' Then he left.")).toEqual(["He said 'we are.'", "Then he left."]);
  });

  it("ends a sentence on the word no, but keeps No. 10 together", () => {
    expect(texts("Mr. Dar said no. He left!")).toEqual(["Mr. Dar said no.", "He left!"]);
    expect(texts("They met at No. 10 Downing Street. Fine")).toEqual(["They met at No. 10 Downing Street.", "Fine"]);
  });

  it("keeps offsets exact across the extra boundaries", () => {
    const source = "It was no. No way. She said ‘fine.’ Done";
    for (const s of splitSentences(source, 7)) expect(source.slice(s.start - 7, s.end - 7)).toBe(s.text);
  });
});

describe("splitSentences, huge paragraphs", () => {
  const article = readFileSync(new URL("../fixtures/source-article.txt", import.meta.url), "utf8").replace(/\s+/g, " ").trim();
  const repeated = (length: number) => {
    let text = article;
    while (text.length < length) text += ` ${article}`;
    return text;
  };
  const checkOffsets = (source: string, sentences: readonly Sentence[]) => {
    for (const s of sentences) expect(source.slice(s.start, s.end)).toBe(s.text);
  };

  it("splits a long paragraph, taken in windows, as it splits each copy of the text it repeats", () => {
    const source = repeated(60_000);
    const split = splitSentences(source);
    checkOffsets(source, split);
    const once = splitSentences(article).map((s) => s.text);
    expect(split.map((s) => s.text)).toEqual(Array.from({ length: split.length / once.length }, () => once).flat());
    expect(split.length).toBe(splitSentences(source.slice(0, article.length)).length * Math.ceil(source.length / (article.length + 1)));
  });

  it("splits a 4 MB paragraph into sentences no longer than the limit, covering every word once", () => {
    const source = repeated(4_000_000);
    const sentences = splitSentences(source, 0, 1_000);
    checkOffsets(source, sentences);
    expect(Math.max(...sentences.map((s) => s.text.length))).toBeLessThanOrEqual(1_000);
    for (let i = 1; i < sentences.length; i++) expect(sentences[i]?.start).toBeGreaterThanOrEqual(sentences[i - 1]?.end ?? 0);
    expect(sentences.map((s) => s.text).join(" ")).toBe(source);
  });

  it("cuts a giant line with no sentence end into parts at spaces", () => {
    const source = `${"lorem ipsum dolor ".repeat(200_000)}end`;
    const sentences = splitSentences(source, 10, 500);
    expect(sentences.length).toBeGreaterThan(source.length / 500);
    for (const s of sentences) {
      expect(s.text.length).toBeLessThanOrEqual(500);
      expect(s.text).toBe(s.text.trim());
      expect(source.slice(s.start - 10, s.end - 10)).toBe(s.text);
    }
    expect(sentences.map((s) => s.text).join(" ")).toBe(source);
  });

  it("cuts an unbroken word at the limit without splitting a surrogate pair", () => {
    const source = "😀".repeat(3_000);
    const sentences = splitSentences(source, 0, 101);
    for (const s of sentences) {
      expect(s.text.length).toBeLessThanOrEqual(101);
      expect(s.text.length % 2).toBe(0);
    }
    expect(sentences.map((s) => s.text).join("")).toBe(source);
  });
});
