import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
import { analyze, termsOf, tokenize } from "../../src/index/analyzer.js";
import { CorpusTables, headingOf } from "../../src/index/CorpusTables.js";
import { coordination, mergeWeights } from "../../src/index/queryWeights.js";
import { runSteps } from "../../src/index/steps.js";
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

  it("searches the same after a restore from its data", () => {
    const restored = runSteps(ParagraphSearch.stepsFromData(search.toData(), options));
    expect(restored.search(query("thames london"))).toEqual(search.search(query("thames london")));
    expect(restored.documentCount).toBe(tables.paragraphs.length);
  });
});

describe("ParagraphSearch scoring", () => {
  it("gives exactly the scores MiniSearch's search gives on the same fields", async () => {
    const tables = CorpusTables.build(await loadCorpus("corpus"));
    const options = resolveSearchIndexOptions();
    const search = ParagraphSearch.build(tables, options);
    // The MiniSearch set-up this project used before scoring its own postings.
    const miniSearch = new MiniSearch({
      idField: "id",
      tokenize: (text) => tokenize(text).map((token) => token.surface),
      processTerm: (surface) => {
        const terms = termsOf(surface);
        return terms.length === 0 ? null : terms.length === 1 ? terms[0] : [...terms];
      },
      fields: ["text", "heading", "title"],
      searchOptions: { boost: { text: 1, heading: options.headingBoost, title: options.titleBoost } },
    });
    miniSearch.addAll(tables.paragraphs.map((ref) => ({ id: ref.id, text: ref.paragraph.text, heading: headingOf(ref), title: ref.document.title })));
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
        .map((result) => ({
          id: result.id as number,
          score: (result.score / Math.max(1, result.queryTerms.length)) * coordination(result.queryTerms, weights),
        }))
        .sort((a, b) => b.score - a.score || a.id - b.id);
    };
    const questions = [
      "What is the ISF?",
      "Pakistan army chief Munir pressure",
      "What did the United States say about the offer",
      "stabil forc gaza hamas disarm",
      "domestic backlash political risks",
      "author",
      // More than 32 distinct terms: past what fits in a word of bits.
      tables.paragraphs
        .slice(0, 3)
        .map((ref) => ref.paragraph.text)
        .join(" "),
    ];
    expect(new Set(analyze(questions.at(-1)!)).size).toBeGreaterThan(40);
    for (const question of questions) {
      const terms = [...query(question), ...query("international force").map((t) => ({ ...t, weight: 0.4 }))];
      expect(search.search(terms)).toEqual(reference(terms));
      expect(search.search(terms, 3)).toEqual(reference(terms).slice(0, 3));
    }
  });
});
