import { describe, expect, it } from "vitest";
import { expectedAnswer, holdsAnswer } from "../../src/answer/expectedAnswer.js";

describe("expectedAnswer", () => {
  it("reads the kind of answer from the question's first words", () => {
    expect(expectedAnswer("When did the council vote?")).toBe("time");
    expect(expectedAnswer("In what year was it built?")).toBe("time");
    expect(expectedAnswer("how many troops will go")).toBe("quantity");
    expect(expectedAnswer("How much does the ferry cost?")).toBe("quantity");
    expect(expectedAnswer("Who is the author?")).toBeUndefined();
    expect(expectedAnswer("What is the ISF?")).toBeUndefined();
    expect(expectedAnswer("Whenever")).toBeUndefined();
  });

  it("recognises sentences that hold such an answer", () => {
    expect(holdsAnswer("time", "The tower was completed in 1849.")).toBe(true);
    expect(holdsAnswer("time", "The plan was endorsed in November.")).toBe(true);
    expect(holdsAnswer("time", "The plan was endorsed by the council.")).toBe(false);
    expect(holdsAnswer("quantity", "It has over five years of experience.")).toBe(true);
    expect(holdsAnswer("quantity", "A fine of up to 1,000 pounds.")).toBe(true);
    expect(holdsAnswer("quantity", "The keepers left the island.")).toBe(false);
  });
});
