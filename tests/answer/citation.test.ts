import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { quoteText } from "../../src/answer/citation.js";
import { buildCorpus } from "../../src/corpus/loadCorpus.js";

describe("quoteText", () => {
  it("folds white space and drops the space that removed markup leaves before punctuation", () => {
    expect(quoteText("  How does it   work?\n  It  learns ")).toBe("How does it work? It learns");
    expect(quoteText("see the   guide  . Then (the   app  ) starts")).toBe("see the guide. Then (the app) starts");
  });
});

describe("snippets from Markdown", () => {
  it("read as prose, while the citation still points at the source", () => {
    const source =
      "---\ntitle: FAQ\n---\n\n## Energy\n\n**How does the T4 save energy?** It learns your [schedule](https://example.org) and lowers the heat when nobody is home.\n";
    const service = new AnswerService(buildCorpus([{ name: "faq.md", text: source }]));
    const snippet = service.ask("How does the T4 save energy?").snippets[0];
    expect(snippet?.text).toBe("How does the T4 save energy? It learns your schedule and lowers the heat when nobody is home.");
    expect(source.slice(snippet?.start, snippet?.end)).toMatch(
      /^How does the T4 save energy\?\*\* It learns your \[schedule\]\(https:\/\/example.org\) and .*home\.$/,
    );
  });
});
