import { describe, expect, it } from "vitest";
import { negates, oppositesIn } from "../../../src/answer/scoring/contrast.js";

describe("negates", () => {
  it("finds negations, contracted ones too", () => {
    for (const text of ["What do these models not have in common?", "Which isn't required?", "It cannot be solved.", "They never met."])
      expect(negates(text), text).toBe(true);
  });

  it("does not take words that merely contain one for a negation", () => {
    for (const text of ["Who noted the knot?", "Nothingness aside, what is known?", "Is it nowhere near?"]) expect(negates(text), text).toBe(false);
  });
});

describe("oppositesIn", () => {
  const words = (text: string) => new Set(text.toLowerCase().split(/\W+/));

  it("counts question words the passage replaces with their opposite", () => {
    expect(oppositesIn(["what", "are", "the", "least", "known", "resources"], words("time and space are the most well-known resources"))).toBe(1);
    expect(oppositesIn(["a", "short", "legal", "battle"], words("following a lengthy legal battle"))).toBe(1);
  });

  it("does not count a word the passage also uses as written", () => {
    expect(oppositesIn(["the", "most", "and", "least"], words("from the most to the least"))).toBe(0);
    expect(oppositesIn(["the", "largest", "city"], words("the largest city and the smallest town"))).toBe(0);
  });
});
