import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import type { Answer } from "../../src/answer/types.js";
import { refusalText } from "../../src/render/wording.js";

const identifier = (answer: Answer) => (answer.answered ? undefined : answer.identifier);

let service: AnswerService;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
});

function wellFormed(answer: Answer) {
  expect(typeof answer.question).toBe("string");
  expect(answer.answered).toBe(answer.snippets.length > 0);
  if (!answer.answered) {
    expect(typeof answer.identifier).toBe("string");
    expect(refusalText(answer).length).toBeGreaterThan(0);
  }
  for (const snippet of answer.snippets) {
    expect(snippet.text.length).toBeGreaterThan(0);
    expect(Number.isFinite(snippet.score)).toBe(true);
  }
}

const hostile = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  ".*+?^${}()|[]\\",
  "(?<x>a)\\1",
  "\u0000\u0001\u001b[31m",
  "\u200B\u200C\u200D\uFEFF",
  "\u202Erubio\u202C",
  "مرحبا بالعالم",
  "שלום עולם",
  "🤔🇵🇰👨‍👩‍👧",
  "<b>ISF</b> & @everyone",
);

describe("AnswerService.ask on arbitrary input", () => {
  it("never throws and always returns a well-formed, deterministic answer", () => {
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: "binary" }),
      hostile,
      fc.array(hostile).map((parts) => parts.join(" ")),
    );
    fc.assert(
      fc.property(input, (question) => {
        const answer = service.ask(question);
        wellFormed(answer);
        expect(service.ask(question)).toEqual(answer);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses over-long input as too long", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 5 }), fc.integer({ min: 4001, max: 50_000 }), (unit, length) => {
        const question = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        const answer = service.ask(question);
        wellFormed(answer);
        expect(identifier(answer)).toBe("question-too-long");
        expect(answer.question.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 50 },
    );
    expect(identifier(service.ask("why ".repeat(2500)))).toBe("question-too-long");
    expect(identifier(service.ask("a".repeat(1001)))).toBe("question-too-long");
    expect(identifier(service.ask("a".repeat(1000)))).not.toBe("question-too-long");
  });

  it("refuses whitespace-only input as empty", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(" ", "\t", "\n", "\r", "\u00A0", "\u2003", "\u200B")), (parts) => {
        expect(identifier(service.ask(parts.join("")))).toBe("question-empty");
      }),
      { numRuns: 100 },
    );
  });
});
