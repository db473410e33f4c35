import { describe, expect, it } from "vitest";
import { buildAliasGroups, expandAliases } from "../../src/index/aliases.js";
import { analyze } from "../../src/index/analyzer.js";
import { findInitialisms, findNames, initialismsOf } from "../../src/index/initialisms.js";

describe("initialisms", () => {
  it("finds multi-word names, with connectors inside and a closing numeral, but not across punctuation", () => {
    expect(findNames("After World War II the Bank of England and the Food and Agriculture Organization met.")).toEqual([
      ["World", "War", "II"],
      ["Bank", "of", "England"],
      ["Food", "and", "Agriculture", "Organization"],
    ]);
    expect(findNames("It traded with Denmark, Iceland and Norway.")).toEqual([]);
  });

  it("derives initialisms with the numeral as written and in digits", () => {
    expect(initialismsOf(["World", "War", "II"])).toEqual(["WWII", "WW2"]);
    expect(initialismsOf(["Food", "and", "Agriculture", "Organization"])).toEqual(["FAO"]);
  });

  it("keeps two-letter initialisms only when the corpus writes them", () => {
    const pairs = findInitialisms(["The Socialist Party won.", "The Green Party lost; the GP blamed the weather."]);
    expect(pairs).toContainEqual(["GP", "Green Party"]);
    expect(pairs.some(([initials]) => initials === "SP")).toBe(false);
  });

  it("lets a question's initialism find the name the corpus spells out", () => {
    const groups = buildAliasGroups([], ["During World War II the bridge was destroyed."]);
    const expansions = expandAliases(analyze("What happened in WWII?"), groups);
    expect(expansions.flatMap((expansion) => expansion.phrases)).toContainEqual(analyze("World War II"));
  });
});
