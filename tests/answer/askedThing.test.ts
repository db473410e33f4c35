import { beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { askedSubject, askedThing } from "../../src/answer/askedThing.js";

describe("the thing a question asks for", () => {
  it("is the head of 'the X of …' and of 'Y's X', through containers, and nothing for relations told by verbs", () => {
    expect(askedThing("what is the population of the town")).toEqual(["population"]);
    expect(askedThing("whats the weather like in the valley")).toEqual(["weather"]);
    expect(askedThing("who is the club's defence coach")).toEqual(["defence", "coach"]);
    // A modifier that ranks the thing does not say which thing it is.
    expect(askedThing("who is the current coach of the club")).toEqual(["coach"]);
    expect(askedThing("what is the name of the ship's captain")).toEqual(["captain"]);
    expect(askedThing("what is the name of the river that floods")).toEqual(["river"]);
    for (const relation of [
      "what is the purpose of the fund",
      "who was the queen's husband",
      "what is the council's position on it",
      "whats the latest on the strike",
    ])
      expect(askedThing(relation), relation).toBeUndefined();
    expect(askedThing("how did the strike end")).toBeUndefined();
  });

  it("is the subject of a yes-or-no question, never a pronoun, and none for a question word", () => {
    expect(askedSubject("did the council approve the budget")).toBe("council");
    expect(askedSubject("has norway signed")).toBe("norway");
    expect(askedSubject("is it over")).toBeUndefined();
    expect(askedSubject("when did the council approve the budget")).toBeUndefined();
  });
});

describe("answering only what the corpus says about the thing and subject asked", () => {
  let service: AnswerService;
  beforeAll(async () => {
    service = await AnswerService.load("tests/fixtures/other-corpus");
  });

  it("declines a question whose thing the corpus never mentions, naming it, though the rest matches well", () => {
    expect(service.ask("what's the population of riverton")).toMatchObject({
      answered: false,
      identifier: "not-in-corpus",
      context: { missing: ["population"] },
    });
    expect(service.ask("who is harbour fc's goalkeeper")).toMatchObject({ answered: false, context: { missing: ["goalkeeper"] } });
    expect(service.ask("how many people live in riverton")).toMatchObject({ answered: false });
    expect(service.ask("who is the head coach of harbour fc")).toMatchObject({ answered: true });
    expect(service.ask("what is the fine for using a hosepipe")).toMatchObject({ answered: true });
  });

  it("counts the thing a how-many question names as the corpus spells it, typo or not", () => {
    for (const question of ["how many warnings were issued", "how many warnigns were issued", "how many wranings were issued"])
      expect(service.ask(question), question).toMatchObject({ answered: true, snippets: [{ text: expect.stringContaining("37 warnings") }] });
  });

  it("answers a yes-or-no question only from a passage about its subject", () => {
    expect(service.ask("did the rwa extend the hosepipe ban").answered).toBe(true);
    expect(service.ask("has harbour fc appointed a coach").answered).toBe(true);
  });
});
