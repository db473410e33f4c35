import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index/analyzer.js";
import { CorpusTables } from "../../src/index/CorpusTables.js";
import { countTerms, TermCache } from "../../src/index/TermCache.js";
import { smallCorpus } from "./corpusFixture.js";

describe("TermCache", () => {
  const tables = CorpusTables.build(smallCorpus());
  const cache = new TermCache(tables);

  it("gives a paragraph's terms with its heading and title, the same object when asked again", () => {
    const terms = cache.paragraphTerms(1);
    expect(terms.has(analyze("golden")[0]!)).toBe(true);
    expect(terms.has(analyze("bridges")[0]!)).toBe(true);
    expect(cache.paragraphTerms(1)).toBe(terms);
    expect(cache.paragraphTerms(999).size).toBe(0);
  });

  it("counts a sentence's terms and measures it in distinct tokens", () => {
    const ref = tables.sentences.find((s) => s.sentence.text.startsWith("Fog"))!;
    const entry = cache.sentenceTerms(ref);
    expect(entry.counts.get(analyze("fog")[0]!)).toBe(1);
    expect(entry.length).toBe(5);
  });

  it("analyses a heading once per section", () => {
    const ref = tables.sentences.find((s) => s.section.heading === "Tower Bridge")!;
    expect(cache.headingTerms(ref)).toBe(cache.headingTerms(ref));
    expect([...cache.headingTerms(ref).counts.keys()]).toEqual(analyze("Tower Bridge"));
  });

  it("counts repeated terms", () => {
    expect(countTerms(["a", "b", "a"])).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
  });
});
