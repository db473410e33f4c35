import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index/analyzer.js";
import { rankKeySentences } from "../../src/index/keySentences.js";
import { SearchIndex } from "../../src/index/SearchIndex.js";
import { smallCorpus } from "./corpusFixture.js";

const terms = (text: string) => new Set(analyze(text));

describe("rankKeySentences", () => {
  it("prefers the sentence sharing words with the heading and the other sentences", () => {
    const order = rankKeySentences(terms("Budget"), [terms("Some weather today."), terms("The budget grew and the deficit grew."), terms("The deficit grew.")]);
    expect(order[0]).toBe(1);
  });

  it("breaks ties by reading order, the first sentence getting a bonus", () => {
    expect(rankKeySentences(new Set(), [terms("Alpha."), terms("Beta."), terms("Gamma.")])).toEqual([0, 1, 2]);
  });

  it("is kept ready per section by the index", () => {
    const index = new SearchIndex(smallCorpus());
    const section = index.corpus.documents[0]!.sections.find((s) => s.slug === "golden-gate")!;
    const key = index.keySentencesOf(section);
    expect(key.length).toBe(3);
    expect(key.every((ref) => ref.section === section)).toBe(true);
  });
});
