import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.js";
import { parseQuestions, scoreQuestions } from "../../src/eval/scoreQuestions.js";

const answered = (text: string): Answer => ({
  question: "q",
  answered: true,
  snippets: [{ text, score: 1, document: "d", documentId: "d.md", section: "s", sectionSlug: "s", paragraph: 1, sentence: 1, start: 0, end: text.length }],
});

describe("scoreQuestions", () => {
  it("counts hits on the top snippet, abstentions and mean length", () => {
    const questions = parseQuestions(
      '{"q":"a","expect":["Very Grateful"]}\n{"q":"b","expect":["nope"]}\n\n{"q":"c","abstain":true}\n{"q":"d","abstain":true}\n',
    );
    const report = scoreQuestions(questions, (q) =>
      q === "d"
        ? { question: q, answered: false, snippets: [], identifier: "not-in-corpus", reason: "no" }
        : answered(q === "a" ? "is “very grateful”" : "something else"),
    );
    expect(report).toMatchObject({ answerable: 2, hits: 1, unanswerable: 2, abstained: 1 });
    expect(report.meanTopLength).toBeCloseTo(("is “very grateful”".length + 2 * "something else".length) / 3);
  });

  it("names the line of a bad entry", () => {
    expect(() => parseQuestions('{"q":"a"}\n{"x":1}')).toThrow(/line 2/);
  });
});
