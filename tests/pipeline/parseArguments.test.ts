import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/commands/loadCatalog.js";
import { parseArguments } from "../../src/pipeline/parseArguments.js";

const catalog = buildCatalog([
  { name: "ask", telegramName: "ask", kind: "ask", description: "Ask", file: "ask.yaml" },
  { name: "summary", telegramName: "summary", kind: "summary", description: "Summary", file: "summary.yaml" },
]);
const intent = (name: string, text: string, options?: Record<string, string>) => ({
  kind: "command" as const,
  command: catalog.find(name)!,
  text,
  ...(options ? { options } : {}),
});

describe("parseArguments", () => {
  it("reads named options (Discord) and a line of text (Telegram, console) alike", () => {
    expect(parseArguments(intent("ask", "", { question: " who? " }))).toEqual({ kind: "ask", question: "who?" });
    expect(parseArguments(intent("ask", " who? "))).toEqual({ kind: "ask", question: "who?" });
    expect(parseArguments(intent("summary", "", { section: "fines" }))).toEqual({ kind: "summary", section: "fines" });
    expect(parseArguments(intent("summary", ""))).toEqual({ kind: "summary" });
  });

  it("asks about the replied-to message when /ask has no text", () => {
    expect(parseArguments(intent("ask", ""), { text: "Is there a ceasefire?" })).toEqual({ kind: "ask", question: "Is there a ceasefire?" });
    expect(parseArguments(intent("ask", "mine"), { text: "theirs" })).toEqual({ kind: "ask", question: "mine" });
  });

  it("reads /teach as `question | answer`, as an answer replying to the question, or as two fields", () => {
    expect(parseArguments(intent("teach", "Who leads it? | Nobody yet"))).toEqual({ kind: "teach", question: "Who leads it?", answer: "Nobody yet" });
    expect(parseArguments(intent("teach", "Nobody yet | really"), { text: "Who leads it?" })).toEqual({
      kind: "teach",
      question: "Who leads it?",
      answer: "Nobody yet | really",
    });
    expect(parseArguments(intent("teach", "", { question: "Q", answer: "A" }))).toEqual({ kind: "teach", question: "Q", answer: "A" });
    // Replying to the bot's own refusal: the question comes from the answer it carried, never from its wording.
    expect(parseArguments(intent("teach", "Nobody yet"), { text: "The sources don't say…", messageKey: "telegram:1:2" })).toEqual({
      kind: "teach",
      question: "",
      answer: "Nobody yet",
    });
  });

  it("bounds /gaps days and reads numbers for /untaught and /pin", () => {
    expect(parseArguments(intent("gaps", "30"))).toEqual({ kind: "gaps", days: 30 });
    expect(parseArguments(intent("gaps", "lots"))).toEqual({ kind: "gaps", days: 7 });
    expect(parseArguments(intent("gaps", "", { days: "9999" }))).toEqual({ kind: "gaps", days: 365 });
    expect(parseArguments(intent("untaught", "#3"))).toEqual({ kind: "untaught", id: "3" });
    expect(parseArguments(intent("pin", "2"))).toEqual({ kind: "pin", n: 2 });
    expect(parseArguments(intent("pin", "zero"))).toEqual({ kind: "pin" });
  });
});
