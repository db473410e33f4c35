import { expect, it } from "vitest";
import { answer, DAY, NOW, refusal, storeContract } from "./storeContract.js";

storeContract("gaps repository", (current) => {
  it("groups refusals and 👎 answers into gaps", async () => {
    const { store } = current();
    await store.answers.record(refusal("who commands the ISF", ["command", "isf"], { createdAt: new Date(NOW - 3000) }));
    await store.answers.record(refusal("ISF commander?", ["isf", "command"], { createdAt: new Date(NOW - 2000) }));
    await store.answers.record(refusal("Who commands the ISF in Basra?", ["basra", "command", "isf"], { createdAt: new Date(NOW - 1000) }));
    await store.answers.record(refusal("What is a zorblax?", ["zorblax"], { missingTerms: ["Zorblax"] }));
    await store.answers.record(refusal("Old question about budgets", ["budget"], { createdAt: new Date(NOW - 10 * DAY) }));
    const disliked = answer({ question: "When was the budget approved?", keyTerms: ["approv", "budget"] });
    await store.answers.record(disliked);
    await store.answers.vote(disliked.id, "a", -1);
    await store.answers.vote(disliked.id, "b", -1);
    const liked = answer({ question: "When did the war start?", keyTerms: ["start", "war"] });
    await store.answers.record(liked);
    await store.answers.vote(liked.id, "a", 1);

    const gaps = await store.gaps.list({ since: new Date(NOW - 7 * DAY) });
    expect(gaps).toEqual([
      { terms: ["command", "isf"], count: 3, examples: ["Who commands the ISF in Basra?", "ISF commander?"] },
      { terms: ["approv", "budget"], count: 1, examples: ["When was the budget approved?"] },
      { terms: ["zorblax"], count: 1, examples: ["What is a zorblax?"] },
    ]);
    expect(await store.gaps.list({ since: new Date(NOW - 7 * DAY), limit: 1 })).toHaveLength(1);
  });

  it("lists the most 👎 answers with their passages", async () => {
    const { store } = current();
    const worst = answer({ question: "worst" });
    const bad = answer({ question: "bad" });
    const mixed = answer({ question: "mixed" });
    for (const record of [worst, bad, mixed]) await store.answers.record(record);
    for (const voter of ["a", "b", "c"]) await store.answers.vote(worst.id, voter, -1);
    await store.answers.vote(bad.id, "a", -1);
    await store.answers.vote(mixed.id, "a", -1);
    await store.answers.vote(mixed.id, "b", 1);
    const list = await store.gaps.mostDownvoted({ since: new Date(NOW - DAY) });
    expect(list).toEqual([
      { answerId: worst.id, question: "worst", down: 3, up: 0, passages: worst.passages },
      { answerId: bad.id, question: "bad", down: 1, up: 0, passages: bad.passages },
    ]);
    expect(await store.gaps.mostDownvoted({ since: new Date(NOW + DAY) })).toEqual([]);
  });

  it("sums up a window for the report", async () => {
    const { store } = current();
    const day0 = new Date(Date.UTC(2026, 0, 10, 12));
    const since = new Date(Date.UTC(2026, 0, 8, 0));
    const until = new Date(Date.UTC(2026, 0, 10, 23));
    const a = answer({
      createdAt: day0,
      passages: [
        { documentId: "doc", sectionSlug: "one", start: 0, end: 5 },
        { documentId: "doc", sectionSlug: "one", start: 9, end: 20 },
      ],
    });
    const b = answer({ createdAt: new Date(day0.getTime() - DAY), passages: [{ documentId: "doc", sectionSlug: "two", start: 0, end: 5 }] });
    const c = refusal("what is a zorblax", ["zorblax"], { createdAt: day0 });
    const outside = answer({ createdAt: new Date(since.getTime() - 1) });
    for (const record of [a, b, c, outside]) await store.answers.record(record);
    await store.answers.vote(a.id, "x", 1);
    await store.answers.vote(a.id, "y", -1);
    await store.answers.vote(b.id, "x", 1);
    await store.answers.vote(outside.id, "x", -1);
    await store.teaching.addTaught({ question: "q", answer: "a", moderatorName: "m", moderatorHash: "h", platform: "console", community: "console" });

    const report = await store.gaps.stats({ since, until });
    expect(report).toMatchObject({
      questions: 3,
      answered: 2,
      votes: { up: 2, down: 1 },
      perDay: [
        { day: "2026-01-08", questions: 0, answered: 0 },
        { day: "2026-01-09", questions: 1, answered: 1 },
        { day: "2026-01-10", questions: 2, answered: 1 },
      ],
      sections: [
        { documentId: "doc", sectionSlug: "one", cited: 1, up: 1, down: 1 },
        { documentId: "doc", sectionSlug: "two", cited: 1, up: 1, down: 0 },
      ],
      taught: 1,
      pins: 0,
    });
    expect(report.gaps.map((gap) => gap.terms)).toContainEqual(["zorblax"]);
  });
});
