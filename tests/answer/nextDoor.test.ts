import { describe, expect, it } from "vitest";
import { sentenceNextDoor, leansBack } from "../../src/answer/nextDoor.js";
import { buildCorpus } from "../../src/corpus/loadCorpus.js";
import { SearchIndex } from "../../src/index/SearchIndex.js";

const text = [
  "---\ntitle: Flu\n---\n",
  "The virus changes its surface proteins from season to season in small steps that the immune system does not recognise. This is called antigenic drift.",
  "",
  "The agency was founded in 1990 by an act of parliament after a long public debate about oversight. It appoints the board of the national water company.",
  "",
  "Vaccines are updated every year by a committee of experts meeting in February. The committee meets in Geneva and publishes its advice within a week.",
].join("\n");
const index = new SearchIndex(buildCorpus([{ name: "flu.md", text }]));
const options = { shortSentence: 0, maxLength: 300, relevantShare: 0.5 };
const quote = (id: number, relevance: (id: number) => number = () => 0) => {
  const ref = index.sentences[id];
  if (!ref) throw new Error("no sentence");
  const { first, last } = sentenceNextDoor(index, ref, relevance, options);
  return [first.id, last.id];
};

describe("sentenceNextDoor", () => {
  it("knows sentences that point back", () => {
    expect(leansBack("It appoints the board.")).toBe(true);
    expect(leansBack("This is called antigenic drift.")).toBe(true);
    expect(leansBack("Itself a city, Geneva …")).toBe(false);
  });

  it("quotes the sentence before when the best one leans on it", () => {
    expect(quote(3)).toEqual([2, 3]);
  });

  it("quotes the sentence after when it follows from the best one", () => {
    expect(quote(0)).toEqual([0, 1]);
  });

  it("quotes a neighbour nearly as relevant, and none that is not", () => {
    expect(quote(4, (id) => (id === 4 ? 1 : 0.6))).toEqual([4, 5]);
    expect(quote(4, (id) => (id === 4 ? 1 : 0.1))).toEqual([4, 4]);
  });
});
