import { describe, expect, it } from "vitest";
import { indexLexicon } from "../../../src/answer/chat/indexLexicon.js";
import { buildCorpus } from "../../../src/corpus/loadCorpus.js";
import { SearchIndex } from "../../../src/index/SearchIndex.js";

const text = [
  "Vantrelia signed the treaty in May.",
  "The Vantrelian navy patrols the strait.",
  "Vantrelia and Osk share a border.",
  "Osk has a small army.",
  "The treaty ends a long dispute over fishing.",
].join("\n\n");
const index = new SearchIndex(buildCorpus([{ name: "treaty.md", text }]));
const lexicon = indexLexicon(index);

describe("indexLexicon", () => {
  it("knows the corpus's own words, exactly", () => {
    expect(lexicon.knows("treaty")).toBe(true);
    expect(lexicon.knows("FM".toLowerCase())).toBe(false);
  });

  it("completes a clipped form of a word the corpus is about", () => {
    expect(lexicon.complete("vant")).toMatch(/^vantrelia/);
  });

  it("leaves English words, fillers and rare completions alone", () => {
    expect(lexicon.complete("fish")).toBeUndefined();
    expect(lexicon.complete("lol")).toBeUndefined();
    // "dis" could as well be anything: "dispute" occurs once.
    expect(lexicon.complete("dis")).toBeUndefined();
  });
});
