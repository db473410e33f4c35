import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { missingSummaryText, refusalText } from "../../src/render/wording.js";
import type { FoundSummary, Summary } from "../../src/answer/types.js";
import { AnswerService } from "../../src/answer/AnswerService.js";
import type { Answer } from "../../src/answer/types.js";
import { buildCorpus } from "../../src/corpus/loadCorpus.js";

const OTHER = "tests/fixtures/other-corpus";
let article: AnswerService;
let other: AnswerService;

beforeAll(async () => {
  article = await AnswerService.load("corpus");
  other = await AnswerService.load(OTHER);
});

function top(answer: Answer) {
  expect(answer.answered).toBe(true);
  return answer.snippets[0]!;
}

describe("AnswerService.ask on another corpus", () => {
  it("quotes the planted sentence with a full citation whose offsets slice the source", () => {
    const snippet = top(other.ask("How much is the fine for using a hosepipe?"));
    expect(snippet.text).toContain("fine of up to 1,000 pounds");
    expect(snippet).toMatchObject({
      document: "Riverton extends summer water restrictions",
      documentId: "water-restrictions.md",
      section: "Fines",
      sectionSlug: "fines",
      published: "2025-07-14",
      source: "https://example.org/news/riverton-water",
      author: "Jane Doe",
    });
    const source = readFileSync(join(OTHER, snippet.documentId), "utf8");
    expect(source.slice(snippet.start, snippet.end).replace(/\n/g, " ")).toBe(snippet.text);
    expect(snippet.paragraph).toBeGreaterThan(1);
    expect(snippet.sentence).toBeGreaterThanOrEqual(1);
  });

  it("ranks best first, from different paragraphs, and keeps snippets short", () => {
    const answer = other.ask("What did the supporters say about the new coach?");
    const scores = answer.snippets.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(answer.snippets.map((s) => `${s.documentId}#${s.paragraph}`)).size).toBe(answer.snippets.length);
    for (const snippet of answer.snippets) expect(snippet.text.length).toBeLessThanOrEqual(400);
  });

  it("is deterministic", () => {
    expect(other.ask("Who replaced Tom Reilly?")).toEqual(other.ask("Who replaced Tom Reilly?"));
  });

  it("matches an acronym to its spelled-out form and back", () => {
    expect(top(other.ask("What did RWA engineers say about the reservoir?")).text).toContain("Millbrook reservoir");
    expect(top(other.ask("When does the Riverton Water Authority ban end?")).text).toContain("September");
  });

  it("uses the corpus's synonyms file", () => {
    expect(top(other.ask("Who is the new manager of Harbour FC?")).text).toContain("Marta Lindqvist");
  });

  it("copes with typos and lower-case fragments", () => {
    expect(top(other.ask("lindqvst previous club")).text).toContain("Northgate Rovers");
    expect(top(other.ask("season ticket prices")).text).toContain("frozen");
  });

  it("reads two swapped letters as one typo", () => {
    expect(top(other.ask("What are Lindqivst teams known for?")).text).toContain("high-pressing");
    // Seven letters allow one edit, and a swap is two to Levenshtein.
    expect(top(other.ask("Who did Harbuor FC appoint?")).text).toContain("Marta Lindqvist");
  });

  it("answers when the only words it lacks are everyday English, and declines rare ones", () => {
    // "stand" and "pay" are common words, so RWA and the fine carry the question.
    expect(top(other.ask("What does RWA stand for?")).text).toContain("Riverton Water Authority");
    expect(top(other.ask("How much would I pay for using a hosepipe?")).text).toContain("1,000 pounds");
    // "desalination" and "aquifer" are rare: the corpus is about something else.
    expect(other.ask("desalination aquifer hosepipe").answered).toBe(false);
  });

  it("prefers a sentence that holds a date for when-questions and a number for how-many", () => {
    const text =
      "---\ntitle: Bridge\n---\n\nThe river bridge was opened by the mayor of the town.\n\nThe river bridge, long delayed by floods, was opened to traffic in 1932.\n";
    const corpus = buildCorpus([{ name: "bridge.md", text }]);
    expect(top(new AnswerService(corpus).ask("When was the bridge opened?")).text).toContain("in 1932");
    expect(top(new AnswerService(corpus).ask("Who opened the bridge?")).text).toContain("by the mayor");
    expect(top(other.ask("When does the hosepipe ban end?")).text).toContain("end of September");
    expect(top(other.ask("How many warnings has the authority issued?")).text).toContain("37 warnings");
  });

  it("declines questions about names the corpus never mentions, and gibberish", () => {
    for (const question of ["What did the Mayor of Paris say?", "asdfghjkl qwerty", "Who won the Champions League?"]) {
      const answer = other.ask(question);
      expect(answer).toMatchObject({ answered: false, snippets: [] });
      expect(answer.answered ? "" : answer.identifier).toMatch(/not-in-corpus|unknown-names/);
      expect(answer.answered ? "" : refusalText(answer)).toMatch(/sources don't/);
    }
  });
});

describe("words that name the document itself", () => {
  it('leaves out "this article" when the corpus never speaks of articles, and keeps it when it does', () => {
    const plain = new AnswerService(buildCorpus([{ name: "a.md", text: "# Canals\n\nThe canal was dug by hand in 1790.\n" }]));
    expect(plain.keyTerms("When was the canal in this article dug?")).toEqual(plain.keyTerms("When was the canal dug?"));
    const legal = new AnswerService(buildCorpus([{ name: "b.md", text: "# Treaty\n\nThe article on canals was signed in 1790.\n" }]));
    expect(legal.keyTerms("When was the article signed?")).not.toEqual(legal.keyTerms("When was it signed?"));
  });

  it("reads a question about the document as a whole, or asking for a summary, as one the summary answers", () => {
    for (const question of ["What is this article about?", "Summarise this article", "An overview, please"]) {
      const answer = article.ask(question);
      expect(answer.answered, question).toBe(false);
      if (!answer.answered) expect(answer.identifier, question).toBe("about-the-sources");
    }
    expect(article.ask("Summarize the ISF").answered).toBe(true);
  });

  it("does not 'correct' an everyday English word to a corpus word one letter away", () => {
    const numbers = new AnswerService(buildCorpus([{ name: "c.md", text: "# Counts\n\nThe team has five members.\n" }]));
    expect(numbers.keyTerms("Who will give money?")).toContain("give");
    expect(numbers.keyTerms("Who will give money?")).not.toContain("five");
    expect(numbers.keyTerms("How many membres?")).toEqual(["member"]);
  });
});

describe("AnswerService.ask on the article", () => {
  it("folds UK and US spelling", () => {
    expect(top(article.ask("stabilization force")).section).toBe(top(article.ask("stabilisation force")).section);
  });

  it("explains why it refuses bad input", () => {
    expect(article.ask("   ")).toMatchObject({ answered: false, identifier: "question-empty" });
    expect(article.ask("x".repeat(1001))).toMatchObject({ answered: false, identifier: "question-too-long" });
    expect(article.ask("?!?")).toMatchObject({ answered: false, identifier: "question-unclear" });
    expect(article.ask(42)).toMatchObject({ answered: false, identifier: "question-empty" });
  });
});

describe("topic, summarize, sources, suggest", () => {
  it("answers a topic from sections named by heading or slug", () => {
    const byHeading = other.topic({ sections: ["What Residents Can Do"] });
    const bySlug = other.topic({ sections: ["what-residents-can-do"] });
    expect(byHeading.snippets).toEqual(bySlug.snippets);
    expect(byHeading.snippets.every((s) => s.section === "What Residents Can Do")).toBe(true);
    expect(other.topic({ sections: ["Nope"] })).toMatchObject({ answered: false, identifier: "unknown-section" });
    expect(top(other.topic({ query: "How much is the fine?" })).section).toBe("Fines");
  });

  it("covers every section when the budget allows, within the budget", () => {
    const summary = found(other.summarize({ document: "water-restrictions.md" }, 2000));
    expect(summary.points.map((p) => p.section)).toEqual([
      "Riverton extends summer water restrictions",
      "Why the Ban Was Extended",
      "What Residents Can Do",
      "Fines",
    ]);
    expect(summary.omitted).toEqual([]);
    expect(summary.length).toBeLessThanOrEqual(2000);
  });

  it("leaves sections out, and names them, when the budget is tight", () => {
    const summary = found(article.summarize({}, 500));
    const used = summary.points.reduce((sum, p) => sum + p.text.length, 0) + Math.max(0, summary.points.length - 1);
    expect(used).toBe(summary.length);
    expect(summary.length).toBeLessThanOrEqual(500);
    expect(summary.omitted.length).toBeGreaterThan(0);
    const tiny = found(article.summarize({}, 40));
    expect(tiny.points).toHaveLength(1);
    expect(tiny.points[0]!.text.endsWith("…")).toBe(true);
    expect(tiny.points[0]!.text.length).toBeLessThanOrEqual(40);
  });

  it("summarises one section, or says it does not exist", () => {
    expect(found(other.summarize({ section: "fines" })).points.every((p) => p.section === "Fines")).toBe(true);
    const missing = other.summarize({ section: "nothing-here" });
    expect(missing).toMatchObject({ found: false, identifier: "unknown-section" });
    expect(missing.found ? "" : missingSummaryText(missing)).toMatch(/No section/);
  });

  it("lists sources and suggests headings", () => {
    expect(other.sources().map((s) => s.title)).toEqual(["Harbour FC appoint new head coach", "Riverton extends summer water restrictions"]);
    expect(other.suggest("fin")).toContain("Fines");
    expect(other.suggest("").length).toBeGreaterThan(0);
  });
});

function found(summary: Summary): FoundSummary {
  if (!summary.found) throw new Error(`no summary: ${summary.identifier}`);
  return summary;
}

describe("warm", () => {
  it("prepares what the first question needs without changing any answer", async () => {
    const cold = await AnswerService.load(OTHER);
    const warmed = (await AnswerService.load(OTHER)).warm();
    for (const question of ["How much is the fine for using a hosepipe?", "hosepipe fine how much tho", "who won the cup final"]) {
      expect(warmed.ask(question)).toEqual(cold.ask(question));
    }
    expect(warmed.warm()).toBe(warmed);
  });
});
