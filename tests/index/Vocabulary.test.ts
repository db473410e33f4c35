import { describe, expect, it } from "vitest";
import { analyze, tokenize } from "../../src/index/analyzer.js";
import { typoDistance, Vocabulary, VocabularyBuilder } from "../../src/index/Vocabulary.js";

function vocabularyOf(...sentences: string[]): Vocabulary {
  const builder = new VocabularyBuilder();
  for (const sentence of sentences) builder.addSentence(tokenize(sentence));
  return builder.build();
}

describe("Vocabulary", () => {
  const vocabulary = vocabularyOf("The stabilization force arrived.", "The force stayed. Force, force!", "Pakistani troops joined.");

  it("counts each term once per sentence", () => {
    const [force] = analyze("force");
    expect(vocabulary.documentFrequency(force!)).toBe(2);
    expect(vocabulary.documentFrequency("absent")).toBe(0);
  });

  it("corrects typos to the corpus's own spelling, whole words first", () => {
    const [stabilization] = analyze("stabilization");
    expect(vocabulary.resolveTerm(analyze("stabilisaton")[0]!, "stabilisaton")).toBe(stabilization);
    expect(vocabulary.resolveTerm(analyze("froce")[0]!, "froce")).toBe(analyze("force")[0]);
    expect(vocabulary.resolveTerm("zzzz")).toBeUndefined();
  });

  it("knows longer forms of a term", () => {
    expect(vocabulary.hasTerm("pakistan")).toBe(true);
    expect([...vocabulary.longerForms("pakistan")]).toContain(analyze("Pakistani")[0]);
  });

  it("allows no typo in short words", () => {
    expect(typoDistance("abc")).toBe(0);
    expect(typoDistance("abcd")).toBe(1);
    expect(typoDistance("abcdefgh")).toBe(2);
  });

  it("round-trips through plain data", () => {
    const copy = Vocabulary.fromData(JSON.parse(JSON.stringify(vocabulary.toData())));
    const sorted = (data: ReturnType<Vocabulary["toData"]>) => ({ terms: [...data.terms].sort(), words: [...data.words].sort() });
    expect(sorted(copy.toData())).toEqual(sorted(vocabulary.toData()));
    expect(copy.resolveTerm(analyze("froce")[0]!, "froce")).toBe(analyze("force")[0]);
  });

  it("counts heading and title terms as known", () => {
    const builder = new VocabularyBuilder();
    builder.addSentence(tokenize("Some text."));
    builder.addKnownTerms(analyze("Author"));
    expect(builder.build().documentFrequency(analyze("author")[0]!)).toBe(1);
  });
});
