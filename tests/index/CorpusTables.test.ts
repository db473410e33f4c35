import { describe, expect, it } from "vitest";
import { CorpusTables, headingOf } from "../../src/index/CorpusTables.js";
import { runStepsAsync } from "../../src/index/steps.js";
import { smallCorpus } from "./corpusFixture.js";

describe("CorpusTables", () => {
  const corpus = smallCorpus();
  const tables = CorpusTables.build(corpus);

  it("numbers paragraphs and sentences in reading order", () => {
    expect(tables.paragraphs.map((ref) => ref.id)).toEqual(tables.paragraphs.map((_, i) => i));
    expect(tables.sentences.map((ref) => ref.sentence.text).slice(0, 3)).toEqual([
      "Bridges cross rivers.",
      "Most are made of steel.",
      "The Golden Gate bridge opened in 1937.",
    ]);
    expect(tables.sentences.every((ref, i) => ref.id === i && tables.paragraphs[ref.paragraphId]?.paragraph === ref.paragraph)).toBe(true);
  });

  it("lists each paragraph's sentence ids", () => {
    const golden = tables.paragraphs.findIndex((ref) => ref.paragraph.text.startsWith("The Golden Gate"));
    expect(tables.sentencesOfParagraph[golden]?.map((id) => tables.sentences[id]?.sentence.text)).toEqual([
      "The Golden Gate bridge opened in 1937.",
      "It is painted orange.",
    ]);
  });

  it("finds a section's sentences without scanning the corpus", () => {
    const section = corpus.documents[0]?.sections.find((s) => s.slug === "golden-gate");
    expect(section).toBeDefined();
    expect(tables.sentencesOfSection(section!).map((ref) => ref.sentence.text)).toEqual([
      "The Golden Gate bridge opened in 1937.",
      "It is painted orange.",
      "Fog often hides the bridge.",
    ]);
    expect(tables.sectionOf(section!)?.paragraphs).toEqual([1, 3]);
    expect(tables.sentencesOfSection({ ...section! })).toEqual([]);
  });

  it("builds the same tables in chunks", async () => {
    const chunked = await runStepsAsync(CorpusTables.steps(corpus));
    expect(chunked.sentences.map((ref) => ref.sentence.text)).toEqual(tables.sentences.map((ref) => ref.sentence.text));
    expect(chunked.sections.map((ref) => ref.sentences)).toEqual(tables.sections.map((ref) => ref.sentences));
  });

  it("leaves the lead section's heading to the title field", () => {
    const lead = tables.paragraphs[0]!;
    expect(headingOf(lead)).toBe("");
    expect(headingOf(tables.paragraphs[1]!)).toBe("Golden Gate");
  });
});
