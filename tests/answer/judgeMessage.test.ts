import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { judgeMessage } from "../../src/answer/judgeMessage.js";
import { buildCorpus } from "../../src/corpus/loadCorpus.js";
import { refusalText } from "../../src/render/wording.js";

/** A made-up corpus: a town's ferry and its bridge. */
const TEXT = `---
title: Millford ferry and bridge
---

The Millford ferry was withdrawn from service in March 2024 after its hull cracked. Harbour master Ines Okafor said the ferry would not sail again this winter.

## The new bridge

The Millford bridge was opened by Mayor Tomas Berg in 1932. It carries about 4,000 cars a day across the estuary.

## Repairs

Repairs to the bridge deck will cost 12 million pounds, the council said. The work was delayed because engineers found corrosion in the steel cables.
`;

let service: AnswerService;
beforeAll(() => {
  service = new AnswerService(buildCorpus([{ name: "millford.md", text: TEXT }]));
});

describe("AnswerService.ask on chat messages", () => {
  it("answers a chat-typed question with a confidence between 0 and 1", () => {
    const answer = service.ask("ok so who opened the millford bridge, my gran says it was the army lol");
    expect(answer.answered).toBe(true);
    if (!answer.answered) return;
    expect(answer.snippets[0]?.text).toContain("Mayor Tomas Berg");
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  });

  it("never refuses for an everyday word the corpus lacks, and names only the missing subject", () => {
    expect(service.ask("how much will the bridge repairs cost, asking for my uncle").answered).toBe(true);
    const refused = service.ask("what do vantrel pilots eat");
    expect(refused.answered).toBe(false);
    if (refused.answered || refused.identifier !== "not-in-corpus") return;
    expect(refused.context.missing).toContain("vantrel");
    expect(refused.context.missing).not.toContain("eat");
  });

  it("declines as not-answered-here when the quote does not hold what was asked, offering it as related", () => {
    const answer = service.ask("how old is tomas berg");
    expect(answer).toMatchObject({ answered: false, identifier: "not-answered-here" });
    if (answer.answered || answer.identifier !== "not-answered-here") return;
    expect(answer.context.related.text).toContain("Tomas Berg");
    expect(answer.context.asked).toBe("how old");
    expect(refusalText(answer)).toMatch(/^The sources mention “tomas berg” but don't say how old\./);
  });

  it("declines what-did-X-say when the quote reports someone else", () => {
    expect(service.ask("what did the mayor say about the ferry")).toMatchObject({ answered: false, identifier: "not-answered-here" });
    const answer = service.ask("what did the harbour master say about the ferry");
    expect(answer.answered && answer.snippets[0]?.text).toContain("would not sail again");
  });
});

describe("judgeMessage", () => {
  it("leaves chatter alone as not-a-question", () => {
    for (const message of ["the bridge is so ugly tbh", "lol", "@sam you coming to the ferry party?", "who cares", "what a week"]) {
      expect(judgeMessage(service, message)).toMatchObject({ answered: false, identifier: "not-a-question", snippets: [], confidence: 0 });
    }
  });

  it("answers a question to the documents at or above the threshold and says not-confident below it", () => {
    const sure = judgeMessage(service, "who opened the millford bridge", { threshold: 0 });
    expect(sure).toMatchObject({ answered: true, identifier: null });
    expect(sure.snippets[0]?.text).toContain("Tomas Berg");
    const unsure = judgeMessage(service, "who opened the millford bridge", { threshold: 1 });
    expect(unsure).toMatchObject({ answered: false, identifier: "not-confident", snippets: [] });
    expect(unsure.confidence).toBe(sure.confidence);
  });

  it("passes on the answer's own refusal", () => {
    expect(judgeMessage(service, "how old is tomas berg", { threshold: 0 }).identifier).toBe("not-answered-here");
    expect(judgeMessage(service, "what do vantrel pilots eat", { threshold: 0 }).answered).toBe(false);
  });
});
