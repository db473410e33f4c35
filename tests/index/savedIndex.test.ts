import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { buildCorpus, loadCorpus } from "../../src/corpus/loadCorpus.js";
import { restoreIndex, saveIndex } from "../../src/index/savedIndex.js";
import { SearchIndex } from "../../src/index/SearchIndex.js";
import { smallCorpus } from "./corpusFixture.js";

describe("saved index", () => {
  it("restores an index that answers exactly as the one saved", async () => {
    const corpus = await loadCorpus("corpus");
    const built = new AnswerService(corpus);
    const index = await restoreIndex(saveIndex(built.index));
    const restored = new AnswerService(index.corpus, {}, { index });
    for (const question of ["What is the ISF?", "Who is Munir?", "What did the US say?", "Karachi?"]) {
      expect(restored.ask(question)).toEqual(built.ask(question));
    }
    expect(restored.summarize()).toEqual(built.summarize());
    expect(restored.sources()).toEqual(built.sources());
    expect(restored.version).toBe(built.version);
  });

  it("saves sentence texts only where they are not slices of their paragraph", () => {
    const lines = saveIndex(new SearchIndex(smallCorpus()));
    expect(lines.join("\n")).not.toContain('"text":"It is painted orange."');
  });

  it("refuses lines cut short, out of place or malformed", async () => {
    const lines = saveIndex(new SearchIndex(smallCorpus()));
    await expect(restoreIndex(lines.slice(0, -1))).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
    await expect(restoreIndex(lines.slice(1))).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
    await expect(restoreIndex([lines[0]!, "{not json", ...lines.slice(1)])).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
    await expect(restoreIndex(lines.map((line) => line.replace('"k":"search"', '"k":"serch"')))).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
    const broken = lines.map((line) => (line.startsWith('{"k":"documents"') ? line.replace(/"sections":\[/, '"sections":7,"x":[') : line));
    await expect(restoreIndex(broken)).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
  });

  it("refuses an index saved with other options", async () => {
    const lines = saveIndex(new SearchIndex(smallCorpus(), { titleBoost: 0.5 }));
    await expect(restoreIndex(lines)).rejects.toMatchObject({ identifier: "saved-index-stale" });
    await expect(restoreIndex(lines, { titleBoost: 0.5 })).resolves.toBeInstanceOf(SearchIndex);
  });
});

describe("saved index, a document of megabytes", () => {
  const sentence = (n: number) => `Section ${n % 7} of the plan lists the budget for year ${n} and the staff it needs.`;
  const huge = `# Plan\n\n${Array.from({ length: 200 }, (_, part) => `## Part ${part}\n\n${Array.from({ length: 20 }, (_, p) => Array.from({ length: 5 }, (_, s) => sentence(part * 100 + p * 5 + s)).join(" ")).join("\n\n")}`).join("\n\n")}\n`;
  const corpus = () =>
    buildCorpus([
      { name: "plan.md", text: huge },
      { name: "small.md", text: "# Small\n\nA small note about the lighthouse." },
    ]);

  it("is saved in lines of bounded size, and restores to the same corpus and answers", async () => {
    expect(huge.length).toBeGreaterThan(1_000_000);
    const built = new AnswerService(corpus());
    const lines = saveIndex(built.index);
    // The document's text is in lines of about 64 K characters, as several small documents are.
    const text = lines.filter((line) => /^\{"k":"(documents?|paragraphs)"/.test(line));
    expect(Math.max(...text.map((line) => line.length))).toBeLessThan(150_000);
    expect(lines.filter((line) => line.startsWith('{"k":"paragraphs"')).length).toBeGreaterThan(4);
    const index = await restoreIndex(lines);
    expect(index.corpus).toEqual(built.corpus);
    const restored = new AnswerService(index.corpus, {}, { index });
    for (const question of ["What is the budget for year 1234?", "lighthouse?"]) expect(restored.ask(question)).toEqual(built.ask(question));
  });

  it("refuses paragraphs without their document, or out of its sections", async () => {
    const lines = saveIndex(new SearchIndex(corpus()));
    const head = lines.findIndex((line) => line.startsWith('{"k":"document"'));
    await expect(restoreIndex([...lines.slice(0, head), ...lines.slice(head + 1)])).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
    const moved = lines.map((line) => (line.startsWith('{"k":"paragraphs"') ? line.replace('"v":[[0,', '"v":[[999,') : line));
    await expect(restoreIndex(moved)).rejects.toMatchObject({ identifier: "saved-index-corrupt" });
  });
});
