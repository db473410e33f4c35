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

  it("reads a question opening with its preposition, also asked indirectly", () => {
    expect(readMessage("wait in what year did the ferry sink", lexicon)).toMatchObject({ asking: "direct", question: "in what year did the ferry sink" });
    expect(readMessage("by how much did the lake rise", lexicon).asking).toBe("direct");
    expect(readMessage("anyone know in which town the ferry docks", lexicon)).toMatchObject({ asking: "indirect", question: "in which town the ferry docks" });
    expect(readMessage("for what it's worth i think the harbour reopened", lexicon).chatter).toBe("statement");
  });

  it("drops the bot called by name, and reads a message that calls it or announces a question as asking wherever its wh-word stands", () => {
    expect(readMessage("hey bot who runs the ferry company", lexicon)).toMatchObject({ asking: "direct", question: "who runs the ferry company" });
    expect(readMessage("bot, when did the ferry sink", lexicon).question).toBe("when did the ferry sink");
    expect(readMessage("yo ferrybot what is a lahar", lexicon, { botNames: ["FerryBot"] }).question).toBe("what is a lahar");
    expect(readMessage("who runs the ferry company, bot", lexicon).question).toBe("who runs the ferry company");
    expect(readMessage("hey bot the lava flowed into which valley", lexicon)).toMatchObject({
      asking: "marked",
      question: "the lava flowed into which valley",
    });
    // Called in a clause or sentence of its own, the bot is still called.
    for (const called of ["hey bot, the lava flowed past which town and then east", "hey bot. the lava flowed past which town and then east"])
      expect(readMessage(called, lexicon), called).toMatchObject({ asking: "marked", question: "the lava flowed past which town and then east" });
    expect(readMessage("quick q the ferry company is owned by which family", lexicon).chatter).toBeUndefined();
    // Without the call, a statement with a wh-word inside stays a statement; the bot spoken about is not called.
    expect(readMessage("the lava flowed past the town and then which way it went nobody knows", lexicon).chatter).toBe("statement");
    expect(readMessage("bot is slow today", lexicon)).toMatchObject({ chatter: "statement", question: "bot is slow today" });
    expect(readMessage("good bot", lexicon).chatter).toBe("statement");
    expect(readMessage("hey bot you're great", lexicon).chatter).toBe("statement");
  });

  it("reads a question asked in place at the end of a statement, but not an aside", () => {
    expect(readMessage("the lava flowed into which valley", lexicon)).toMatchObject({ asking: "marked", question: "the lava flowed into which valley" });
    expect(readMessage("wait the ferry company is owned by what family", lexicon).chatter).toBeUndefined();
    for (const aside of ["they closed the harbour and for what", "this is what happens", "that's what i said", "ok in which case", "to what end"])
      expect(readMessage(aside, lexicon).chatter, aside).toBe("statement");
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
