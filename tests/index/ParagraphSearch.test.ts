import type MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index/analyzer.js";
import { CorpusTables } from "../../src/index/CorpusTables.js";
import { resolveSearchIndexOptions } from "../../src/index/options.js";
import { ParagraphSearch } from "../../src/index/ParagraphSearch.js";
import { smallCorpus } from "./corpusFixture.js";

const query = (text: string) => analyze(text).map((term) => ({ term, weight: 1 }));

describe("ParagraphSearch", () => {
  const tables = CorpusTables.build(smallCorpus());
  const options = resolveSearchIndexOptions();
  const search = ParagraphSearch.build(tables, options);
  const textOf = (id: number | undefined) => tables.paragraphs[id ?? -1]?.paragraph.text;

  it("ranks the paragraph with the query's words first", () => {
    expect(textOf(search.search(query("when did the golden gate open"))[0]?.id)).toMatch(/^The Golden Gate bridge opened/);
  });

  it("counts a section heading as part of its paragraphs", () => {
    const hits = search.search(query("tower"));
    expect(textOf(hits[0]?.id)).toMatch(/^Tower Bridge/);
  });

  it("matches longer forms of a term, below exact matches", () => {
    const hits = search.search(query("river"));
    expect(hits.length).toBeGreaterThan(0);
  });

  it("returns nothing for no terms, and is deterministic", () => {
    expect(search.search([])).toEqual([]);
    expect(search.search(query("thames london"))).toEqual(search.search(query("thames london")));
  });

  it("searches the same after a save and restore", async () => {
    const saved = JSON.parse(JSON.stringify(search.toJSON()));
    const restored = await ParagraphSearch.load(saved, options);
    expect(restored.search(query("thames london"))).toEqual(search.search(query("thames london")));
    expect(ParagraphSearch.loadSync(saved, options).documentCount).toBe(tables.paragraphs.length);
  });
});

describe("ParagraphSearch scoring", () => {
  it("gives exactly the scores MiniSearch's own search gives", async () => {
    const { loadCorpus } = await import("../../src/corpus/loadCorpus.js");
    const { coordination, mergeWeights } = await import("../../src/index/queryWeights.js");
    const tables = CorpusTables.build(await loadCorpus("corpus"));
    const options = resolveSearchIndexOptions();
    const search = ParagraphSearch.build(tables, options);
    const miniSearch = (search as unknown as { index: MiniSearch }).index;
    const reference = (terms: { term: string; weight: number }[]) => {
      const weights = mergeWeights(terms);
      return miniSearch
        .search([...weights.keys()].join(" "), {
          tokenize: (text) => text.split(" ").filter(Boolean),
          processTerm: (term) => term,
          combineWith: "OR",
          prefix: (term) => term.length >= 4,
          weights: { fuzzy: 0, prefix: options.prefixWeight },
          boostTerm: (term) => weights.get(term) ?? 1,
          bm25: options.bm25,
        })
        .map((result) => ({ id: result.id as number, score: (result.score / Math.max(1, result.queryTerms.length)) * coordination(result.queryTerms, weights) }))
        .sort((a, b) => b.score - a.score || a.id - b.id);
    };
    const questions = ["What is the ISF?", "Pakistan army chief Munir pressure", "What did the United States say about the offer", "stabil forc gaza hamas disarm", "domestic backlash political risks"];
    for (const question of questions) {
      const terms = [...query(question), ...query("international force").map((t) => ({ ...t, weight: 0.4 }))];
      expect(search.search(terms)).toEqual(reference(terms));
      expect(search.search(terms, 3)).toEqual(reference(terms).slice(0, 3));
    }
  });
});
