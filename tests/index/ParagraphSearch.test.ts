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
