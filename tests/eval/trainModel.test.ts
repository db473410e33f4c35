import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { FEATURE_NAMES } from "../../src/answer/scoring/features.js";
import { outcomeOf } from "../../src/eval/missCauses.js";
import { parseSquad, squadCorpus } from "../../src/eval/squadFile.js";
import { trainModel } from "../../src/eval/trainModel.js";

const qa = (question: string, answer?: string) => ({ question, is_impossible: answer === undefined, answers: answer ? [{ text: answer }] : [] });
const squad = parseSquad(
  JSON.stringify({
    data: [
      {
        title: "Bridges",
        paragraphs: [
          {
            context: "The old bridge was built of stone in 1820. It carried carts across the river for a century.",
            qas: [qa("When was the old bridge built?", "1820"), qa("What did the bridge carry?", "carts")],
          },
          {
            context: "A new steel bridge opened in 1932. Its main span is 500 metres long.",
            qas: [qa("How long is the main span of the new bridge?", "500 metres"), qa("Who painted the new bridge?")],
          },
        ],
      },
      {
        title: "Lighthouses",
        paragraphs: [
          {
            context: "The lighthouse stands on a granite rock. Its lamp was first lit in 1874 by the keeper.",
            qas: [qa("When was the lamp first lit?", "1874"), qa("What does the lighthouse stand on?", "a granite rock")],
          },
          { context: "Keepers lived in the tower until 1980. The light is now automatic.", qas: [qa("Until when did keepers live in the tower?", "1980")] },
        ],
      },
      {
        title: "Canals",
        paragraphs: [
          {
            context: "The canal was dug by hand between 1790 and 1795. Horses towed the barges along it.",
            qas: [qa("What towed the barges?", "Horses"), qa("When was the canal dug?", "between 1790 and 1795")],
          },
          { context: "The canal closed to trade in 1950 and reopened for boats in 2001.", qas: [qa("When did the canal reopen?", "2001")] },
        ],
      },
    ],
  }),
);

describe("trainModel", () => {
  it("reads answerable and unanswerable questions from a SQuAD-format file", () => {
    expect(squad.answerable).toHaveLength(9);
    expect(squad.unanswerable).toHaveLength(1);
    expect(squad.titles).toEqual(["Bridges", "Lighthouses", "Canals"]);
  });

  it("is deterministic and writes a model of the current features", () => {
    const model = trainModel(squad, [0, 1, 2]);
    expect(trainModel(squad, [0, 1, 2])).toEqual(model);
    expect(model.features).toEqual([...FEATURE_NAMES]);
    expect(Number.isFinite(model.threshold)).toBe(true);
    expect(model.ranker.weights.every(Number.isFinite)).toBe(true);
  });

  it("gives a model the answer service can use, and misses can be told apart by cause", () => {
    const model = trainModel(squad, [0, 1, 2], { order: "ranker" });
    const service = new AnswerService(squadCorpus(squad, [0, 1, 2]), { model, answerThreshold: 0 });
    const question = squad.answerable.find((q) => q.question === "When was the lamp first lit?");
    if (!question) throw new Error("missing question");
    expect(outcomeOf(question, service.ask(question.question))).toBe("hit");
    expect(outcomeOf(question, { question: question.question, answered: false, snippets: [], identifier: "not-in-corpus", context: { missing: [] } })).toBe(
      "declined",
    );
  });
});
