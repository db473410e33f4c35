import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index/analyzer.js";
import { SearchIndex } from "../../src/index/SearchIndex.js";
import { smallCorpus } from "./corpusFixture.js";

const query = (text: string, weight = 1) => analyze(text).map((term) => ({ term, weight }));

describe("SentenceScorer (through SearchIndex.scoreSentences)", () => {
  const index = new SearchIndex(smallCorpus());
  const all = index.sentences.map((ref) => ref.id);
  const textOf = (id: number | undefined) => index.sentences[id ?? -1]?.sentence.text;

  it("scores only the given sentences, best first, leaving out non-matches", () => {
    const hits = index.scoreSentences(all, query("orange paint"));
    expect(textOf(hits[0]?.id)).toBe("It is painted orange.");
    expect(hits.every((hit) => hit.score > 0)).toBe(true);
    expect(index.scoreSentences([0, 1], query("orange"))).toEqual([]);
  });

  it("counts the section heading as a field of its sentences", () => {
    const hits = index.scoreSentences(all, query("golden gate"));
    expect(hits.map((hit) => textOf(hit.id))).toContain("Fog often hides the bridge.");
  });

  it("weighs alias terms below the question's own words", () => {
    const own = index.scoreSentences(all, query("thames"))[0]?.score ?? 0;
    const alias = index.scoreSentences(all, query("thames", 0.5))[0]?.score ?? 0;
    expect(alias).toBeLessThan(own);
  });

  it("expands a query term to its longer forms at the prefix weight", () => {
    const hits = index.scoreSentences(all, query("bridg"));
    expect(hits.length).toBeGreaterThan(2);
  });
});
