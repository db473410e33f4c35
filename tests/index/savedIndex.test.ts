import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
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
