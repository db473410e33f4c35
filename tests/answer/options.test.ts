import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService, DEFAULT_ANSWER_SERVICE_OPTIONS } from "../../src/answer/AnswerService.js";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
import type { Corpus } from "../../src/corpus/types.js";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus("corpus");
});

/** Everything the service answers on the article, for comparing two services. */
function outputsOf(service: AnswerService) {
  const sections = corpus.documents.flatMap((document) => document.sections.map((section) => section.slug));
  return {
    asks: ["What is the ISF?", "Who is Munir?", "What does Pakistan want?", "Karachi population?"].map((q) => service.ask(q)),
    topics: sections.map((slug) => service.topic({ sections: [slug] })),
    summary: service.summarize(),
    sectionSummaries: sections.map((slug) => service.summarize({ section: slug })),
  };
}

describe("AnswerService options", () => {
  it("changes nothing when every documented default is passed explicitly", () => {
    const implicit = new AnswerService(corpus);
    const explicit = new AnswerService(corpus, { ...DEFAULT_ANSWER_SERVICE_OPTIONS });
    expect(explicit.options).toEqual(implicit.options);
    expect(outputsOf(explicit)).toEqual(outputsOf(implicit));
    expect(explicit.version).toBe(implicit.version);
  });

  it("keeps the topic budget apart from the snippet length (maxLength: 300 is the default)", () => {
    const implicit = new AnswerService(corpus);
    const explicit = new AnswerService(corpus, { maxLength: 300 });
    const isf = { sections: ["What Is the International Stabilisation Force for Gaza?"] };
    const answer = explicit.topic(isf);
    expect(answer.snippets.length).toBe(2);
    expect(answer).toEqual(implicit.topic(isf));
  });

  it("treats an option given as undefined as left out", () => {
    const service = new AnswerService(corpus, { maxSnippets: undefined, topicLength: undefined });
    expect(service.options).toEqual(DEFAULT_ANSWER_SERVICE_OPTIONS);
  });

  it("changes the version when an option changes what answers", () => {
    expect(new AnswerService(corpus, { maxSnippets: 1 }).version).not.toBe(new AnswerService(corpus).version);
  });
});
