import { describe, expect, it } from "vitest";
import { groupGaps, type GapItem } from "../../src/store/groupGaps.js";

const item = (question: string, keyTerms: string[], missingTerms: string[] = []): GapItem => ({ question, keyTerms, missingTerms });

describe("groupGaps", () => {
  it("puts questions with the same key terms together, whatever their order or case", () => {
    expect(groupGaps([item("who commands the ISF", ["command", "isf"]), item("ISF commander?", ["ISF", "command", "isf"])])).toEqual([
      { terms: ["command", "isf"], count: 2, examples: ["who commands the ISF", "ISF commander?"] },
    ]);
  });

  it("prefers the words the corpus lacks over the key terms", () => {
    expect(groupGaps([item("What is a zorblax?", ["zorblax"], ["zorblax"]), item("Tell me about zorblax fees", ["fee", "zorblax"], ["zorblax"])])).toEqual([
      { terms: ["zorblax"], count: 2, examples: ["What is a zorblax?", "Tell me about zorblax fees"] },
    ]);
  });

  it("lets a subset or superset join the larger group, which keeps its terms", () => {
    const gaps = groupGaps([
      item("who commands the ISF", ["command", "isf"]),
      item("ISF commander?", ["command", "isf"]),
      item("who commands the ISF in Basra", ["basra", "command", "isf"]),
      item("the ISF?", ["isf"]),
      item("budget?", ["budget"]),
    ]);
    expect(gaps).toEqual([
      { terms: ["command", "isf"], count: 4, examples: ["who commands the ISF", "ISF commander?"] },
      { terms: ["budget"], count: 1, examples: ["budget?"] },
    ]);
  });

  it("does not chain: a group joins only a group whose own terms it contains or is contained in", () => {
    const gaps = groupGaps([item("a", ["isf", "command"]), item("b", ["isf", "command"]), item("c", ["isf", "budget"])]);
    expect(gaps.map((gap) => [gap.terms, gap.count])).toEqual([
      [["command", "isf"], 2],
      [["budget", "isf"], 1],
    ]);
  });

  it("gives two distinct examples, the first ones given (most recent first)", () => {
    const gaps = groupGaps([
      item("ISF commander?", ["command", "isf"]),
      item("isf commander", ["command", "isf"]),
      item("Who commands the ISF", ["command", "isf"]),
    ]);
    expect(gaps[0]?.examples).toEqual(["ISF commander?", "Who commands the ISF"]);
    expect(gaps[0]?.count).toBe(3);
  });

  it("sorts by count, then terms; honours the limit; drops items without terms", () => {
    const gaps = groupGaps([item("z", ["zeta"]), item("a", ["alpha"]), item("?", []), item("b", ["beta"]), item("b2", ["beta"])], 2);
    expect(gaps).toEqual([
      { terms: ["beta"], count: 2, examples: ["b", "b2"] },
      { terms: ["alpha"], count: 1, examples: ["a"] },
    ]);
    expect(groupGaps([])).toEqual([]);
  });

  it("forms the same groups whatever the order of the items (only the examples follow the order)", () => {
    const items = [item("a", ["isf", "command"]), item("c", ["isf"]), item("d", ["budget", "isf"])];
    const shape = (gaps: ReturnType<typeof groupGaps>) => gaps.map(({ terms, count }) => ({ terms, count }));
    expect(shape(groupGaps(items))).toEqual([{ terms: ["isf"], count: 3 }]);
    expect(shape(groupGaps([...items].reverse()))).toEqual(shape(groupGaps(items)));
  });
});
