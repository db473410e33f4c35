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
