import { describe, expect, it } from "vitest";
import { readMessage, type Lexicon } from "../../../src/answer/chat/readMessage.js";

/** A made-up corpus vocabulary: it uses "FM" (radio), and "volcan…" words often. */
const lexicon: Lexicon = {
  knows: (word) => ["fm", "volcano", "lava", "radio"].includes(word),
  complete: (prefix) => ("volcanoes".startsWith(prefix) && prefix.length >= 3 ? "volcano" : undefined),
};

describe("readMessage: finding the question", () => {
  it("finds the question among greetings, fillers and asides in a message of several sentences", () => {
    const reading = readMessage("hey all, sorry late to this. ok dumb question but what even is a caldera, my cousin keeps saying it lol", lexicon);
    expect(reading.asking).toBe("direct");
    expect(reading.chatter).toBeUndefined();
    expect(reading.question).toBe("what even is a caldera");
  });

  it("reads chat spellings and abbreviations", () => {
    expect(readMessage("whats the lava temp rn", lexicon).question).toBe("what is the lava temp");
    expect(readMessage("r u sure the PM resigned bc of it", lexicon).question).toContain("are you sure the prime minister resigned because of it");
    expect(readMessage("did the ferry sink or smth", lexicon).question).toBe("did the ferry sink");
  });

  it("keeps a chat form the corpus uses itself, and completes a clipped word the corpus is about", () => {
    expect(readMessage("which FM station covered it", lexicon).question).toBe("which FM station covered it");
    expect(readMessage("is the volc still erupting", lexicon).question).toBe("is the volcano still erupting");
  });

  it("turns indirect questions and requests into questions", () => {
    expect(readMessage("I wonder whether the harbour reopened", lexicon)).toMatchObject({ asking: "indirect", question: "the harbour reopened" });
    expect(readMessage("someone tell me who runs the ferry company", lexicon)).toMatchObject({ asking: "indirect", question: "who runs the ferry company" });
    expect(readMessage("idk what a lahar is supposed to be", lexicon)).toMatchObject({ asking: "indirect", question: "what a lahar is supposed to be" });
    expect(readMessage("pls explain the evacuation plan to me", lexicon)).toMatchObject({ asking: "request", question: "the evacuation plan" });
    expect(readMessage("does anyone know if the airport is open", lexicon).asking).toBe("indirect");
  });

  it("reads a question without a question mark from its word order", () => {
    expect(readMessage("has the council voted yet", lexicon).asking).toBe("direct");
    expect(readMessage("wait so is the bridge closed or not", lexicon)).toMatchObject({ asking: "direct", question: "is the bridge closed" });
  });

  it("keeps the context of a formal question's opening clause", () => {
    expect(readMessage("In marine biology, what is a reef?", lexicon).question).toBe("In marine biology, what is a reef");
  });

  it("adds a pasted quote to a short question about it", () => {
    const reading = readMessage("“the ferry will not sail again this winter” who said that", lexicon);
    expect(reading.chatter).toBeUndefined();
    expect(reading.question).toContain("ferry will not sail again");
  });
});

describe("readMessage: telling chatter from questions to the documents", () => {
  it.each([
    ["the new mayor is a disaster tbh", "statement"],
    ["lol", "empty"],
    ["great thread, thanks", "statement"],
    ["read the pinned post before asking", "statement"],
    ["“The ferry will not sail again this winter, the operator said on Monday.”", "quote"],
    ["who cares lol", "rhetorical"],
    ["how about no", "rhetorical"],
    ["what a week", "rhetorical"],
    ["what could possibly go wrong", "rhetorical"],
    ["the ferry was cancelled again, right?", "rhetorical"],
    ["@jamie you coming to the market later?", "to-people"],
    ["are you ok", "to-people"],
    ["did u see the game", "to-people"],
    ["should i bring snacks", "to-people"],
    ["can't believe the bridge is shut", "statement"],
  ])("%s → %s", (message, chatter) => {
    expect(readMessage(message, lexicon).chatter).toBe(chatter);
  });

  it("answers a mention of the bot itself but not of someone else", () => {
    expect(readMessage("@helperbot when does the ferry sail?", lexicon, { botNames: ["HelperBot"] }).chatter).toBeUndefined();
    expect(readMessage("@sam when does the ferry sail?", lexicon, { botNames: ["HelperBot"] }).chatter).toBe("to-people");
  });

  it("does not take a question that asks someone to tell or explain as a question to people", () => {
    expect(readMessage("can you explain the evacuation plan", lexicon).chatter).toBeUndefined();
    expect(readMessage("do you know who runs the ferry", lexicon).chatter).toBeUndefined();
  });
});
