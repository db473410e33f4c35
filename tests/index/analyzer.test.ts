import { describe, expect, it } from "vitest";
import { buildAliasGroups, expandAliases, findDefinedAcronyms } from "../../src/index/aliases.js";
import { analyze, termOf } from "../../src/index/analyzer.js";
import { foldSpelling } from "../../src/index/spelling.js";

describe("analyze", () => {
  it("stems, folds case and possessives, and drops stopwords", () => {
    expect(analyze("The troops were voting on Pakistan’s offers")).toEqual(analyze("troop vote pakistan offer"));
    expect(analyze("the of and is")).toEqual([]);
  });

  it("keeps acronyms whose lower-case form is a stopword", () => {
    expect(analyze("Is the US grateful?")).toContain(termOf("US"));
    expect(analyze("They told us more")).not.toContain(termOf("US"));
    // Lower-case questions mean the country far more often than the pronoun.
    expect(analyze("us reaction", { question: true })).toContain(termOf("US"));
  });

  it("drops question framing only in questions", () => {
    expect(analyze("why did he explain", { question: true })).toEqual([]);
    expect(analyze("explain")).not.toEqual([]);
  });

  it("splits hyphenated words and keeps the whole", () => {
    const terms = analyze("a 20-point plan");
    expect(terms).toEqual(expect.arrayContaining(["20", termOf("point"), termOf("plan")]));
  });
});

describe("UK/US spelling", () => {
  it.each([
    ["stabilisation", "stabilization"],
    ["favour", "favor"],
    ["demilitarisation", "demilitarization"],
    ["centre", "center"],
    ["defence", "defense"],
    ["analyse", "analyze"],
    ["behaviour", "behavior"],
    ["catalogue", "catalog"],
  ])("%s and %s give the same term", (uk, us) => {
    expect(analyze(uk)).toEqual(analyze(us));
    expect(foldSpelling(uk)).toBe(us);
  });

  it("leaves short and unrelated words alone", () => {
    for (const word of ["four", "hour", "filled", "tour", "rise"]) expect(foldSpelling(word)).toBe(word);
  });
});

describe("aliases", () => {
  it("finds acronyms a text defines itself", () => {
    expect(findDefinedAcronyms("a proposed International Stabilisation Force (ISF), but")).toEqual([["ISF", "International Stabilisation Force"]]);
    expect(findDefinedAcronyms("the Food and Agriculture Organization (FAO) said")).toEqual([["FAO", "Food and Agriculture Organization"]]);
    expect(findDefinedAcronyms("as shown (see below) in 2019 (2019) and (OK)")).toEqual([]);
  });

  it("expands a question's phrase to the other phrases of its group", () => {
    const groups = buildAliasGroups([["US", "United States", "Washington"]], ["the Riverton Water Authority (RWA) said"]);
    const expansions = expandAliases(analyze("what did the RWA say"), groups);
    expect(expansions).toEqual([{ matched: analyze("RWA"), phrases: [analyze("Riverton Water Authority")] }]);
    const us = expandAliases(analyze("United States position"), groups)[0]!;
    expect(us.phrases).toEqual([analyze("US"), analyze("Washington")]);
    expect(expandAliases(analyze("water authority"), groups)).toHaveLength(1);
  });
});
