import { describe, expect, it } from "vitest";
import { answersAsked, askedFor } from "../../../src/answer/chat/answerFit.js";

describe("askedFor", () => {
  it.each([
    ["when did the ferry sink", "time"],
    ["how many ferries sank", "quantity"],
    ["how much did the bridge cost", "money"],
    ["how much rain fell", "quantity"],
    ["how old is the mayor", "age"],
    ["who runs the ferry company", "person"],
    ["where is the new bridge", "place"],
    ["why was the bridge closed", "reason"],
    ["what is a caldera", undefined],
  ])("%s → %s", (question, kind) => {
    expect(askedFor(question)?.kind).toBe(kind);
  });

  it("reads what a how-many question counts, and a price as an amount of money", () => {
    expect(askedFor("how many ferries sank")).toEqual({ kind: "quantity", counted: ["ferries", "sank"] });
    expect(askedFor("how many lifeboats has the port got")).toEqual({ kind: "quantity", counted: ["lifeboats"] });
    expect(askedFor("how many of them sank")).toEqual({ kind: "quantity" });
    expect(askedFor("what's the price of a ferry ticket")?.kind).toBe("money");
    expect(askedFor("whats the ticket price for the ferry")?.kind).toBe("money");
  });

  it("reads the speaker of a what-did-X-say question", () => {
    expect(askedFor("what did the harbour master say about the storm")).toEqual({ kind: "speaker", speaker: "harbour master" });
    expect(askedFor("how did the mayor react")).toBeUndefined();
  });
});

describe("answersAsked", () => {
  it("needs an age for how old, a date for when, a number for how many", () => {
    const q = "how old is the mayor";
    expect(answersAsked({ kind: "age" }, "The mayor opened the bridge after a long delay.", q)).toBe(false);
    expect(answersAsked({ kind: "age" }, "The mayor, 54, opened the bridge.", q)).toBe(false);
    expect(answersAsked({ kind: "age" }, "The 54-year-old mayor opened the bridge.", q)).toBe(true);
    expect(answersAsked({ kind: "time" }, "The bridge may be opened by the mayor.", "when was the bridge opened")).toBe(false);
    expect(answersAsked({ kind: "time" }, "The bridge was opened in March 1932.", "when was the bridge opened")).toBe(true);
    expect(answersAsked({ kind: "quantity" }, "Dozens of boats were damaged.", "how many boats were damaged")).toBe(true);
    expect(answersAsked({ kind: "quantity" }, "The boats were damaged.", "how many boats were damaged")).toBe(false);
    // "One of …" singles one out; it counts nothing.
    expect(answersAsked({ kind: "quantity" }, "One of the boats was damaged in the storm.", "how many boats were damaged")).toBe(false);
  });

  it("needs a number of the thing counted when the question names it, not any number", () => {
    const q = "how many people live in the valley";
    const asked = askedFor(q)!;
    expect(answersAsked(asked, "The valley has had its driest summer in forty years.", q)).toBe(false);
    expect(answersAsked(asked, "About 12,000 people live in the valley.", q)).toBe(true);
    expect(answersAsked(askedFor("how many points are in the plan")!, "The council backed a 12-point plan.", "how many points are in the plan")).toBe(true);
    expect(answersAsked(askedFor("how many boats were damaged")!, "Dozens of small boats were damaged.", "how many boats were damaged")).toBe(true);
  });

  it("needs the reason in the sentence that tells what was asked about", () => {
    const q = "why did the mayor resign";
    expect(answersAsked({ kind: "reason" }, "The fund was set up to support the harbour. The mayor resigned in May.", q)).toBe(false);
    expect(answersAsked({ kind: "reason" }, "The fund was set up in 1990. The mayor resigned in May, citing ill health.", q)).toBe(true);
    expect(answersAsked({ kind: "reason" }, "The mayor resigned in May. It came after a row over the budget.", q)).toBe(true);
  });

  it("needs an amount of money for how much something cost or paid, not any number", () => {
    const q = "how much did the bridge cost";
    expect(answersAsked({ kind: "money" }, "The 12-span bridge was opened in 1932.", q)).toBe(false);
    expect(answersAsked({ kind: "money" }, "The bridge cost £3.2 million to build.", q)).toBe(true);
    expect(answersAsked({ kind: "money" }, "Building it took 40 million dollars.", q)).toBe(true);
  });

  it("needs a person or body for who, a place for where, a reason for why", () => {
    expect(answersAsked({ kind: "person" }, "It was opened by the mayor of the town.", "who opened it")).toBe(true);
    expect(answersAsked({ kind: "person" }, "It opened late and quietly.", "who opened it")).toBe(false);
    expect(answersAsked({ kind: "place" }, "The bridge stands in Millford.", "where is the bridge")).toBe(true);
    expect(answersAsked({ kind: "place" }, "The bridge is long.", "where is the bridge")).toBe(false);
    expect(answersAsked({ kind: "reason" }, "It closed because of cracks in the deck.", "why did it close")).toBe(true);
    expect(answersAsked({ kind: "reason" }, "It closed.", "why did it close")).toBe(false);
  });

  it("takes a quote for what X said only when X is the one it reports", () => {
    const asked = { kind: "speaker", speaker: "the mayor" } as const;
    expect(answersAsked(asked, "The harbour master said the mayor's plan would fail.", "what did the mayor say")).toBe(false);
    expect(answersAsked(asked, "The mayor has also warned that repairs will take a year.", "what did the mayor say")).toBe(true);
    expect(answersAsked(asked, "According to the mayor, repairs will take a year.", "what did the mayor say")).toBe(true);
  });
});

describe("answersAsked across sentences", () => {
  it("does not take the next sentence's speaker for the one asked about", () => {
    expect(
      answersAsked({ kind: "speaker", speaker: "the unions" }, "The plan angered the unions. The mayor said it would go ahead.", "what did the unions say"),
    ).toBe(false);
  });
});
