import { expect, it } from "vitest";
import { answer, DAY, NOW, refusal, storeContract } from "./storeContract.js";

storeContract("answers repository", (current) => {
  it("keeps an answer as recorded, and knows no other", async () => {
    const { store } = current();
    const record = answer({ identifier: undefined, missingTerms: ["zorblax"], createdAt: new Date(NOW - 1234) });
    await store.answers.record(record);
    const refused = refusal("What is a zorblax?", ["zorblax"], { missingTerms: ["zorblax"] });
    await store.answers.record(refused);
    const { identifier: _none, ...withoutIdentifier } = record;
    expect(await store.answers.get(record.id)).toEqual(withoutIdentifier);
    expect(await store.answers.get(refused.id)).toEqual(refused);
    expect(await store.answers.get("nope")).toBeUndefined();
    // The same answer written twice (a retried write) is not an error.
    await store.answers.record(record);
  });

  it("counts one vote per person per answer, changeable", async () => {
    const { store } = current();
    const record = answer();
    await store.answers.record(record);
    expect(await store.answers.vote(record.id, "alice", 1)).toBe("recorded");
    expect(await store.answers.vote(record.id, "alice", 1)).toBe("unchanged");
    expect(await store.answers.vote(record.id, "bob", 1)).toBe("recorded");
    expect(await store.answers.votes(record.id)).toEqual({ up: 2, down: 0 });
    expect(await store.answers.vote(record.id, "alice", -1)).toBe("changed");
    expect(await store.answers.votes(record.id)).toEqual({ up: 1, down: 1 });
    expect(await store.answers.vote("unknown", "alice", 1)).toBe("unknown-answer");
    expect(await store.answers.votes("unknown")).toEqual({ up: 0, down: 0 });
  });

  it("counts concurrent votes by one person once", async () => {
    const { store } = current();
    const record = answer();
    await store.answers.record(record);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.answers.vote(record.id, "carol", -1)));
    expect(outcomes.filter((outcome) => outcome === "recorded")).toHaveLength(1);
    expect(await store.answers.votes(record.id)).toEqual({ up: 0, down: 1 });
  });

  it("remembers which answer a sent message carried, for every replica, as long as answers are kept", async () => {
    const { site, store } = current();
    await store.answers.linkMessage("telegram:-100:7", "answer-1");
    const replica = await site.open();
    expect(await replica.answers.answerOfMessage("telegram:-100:7")).toBe("answer-1");
    expect(await replica.answers.answerOfMessage("telegram:-100:8")).toBeUndefined();
    await replica.answers.linkMessage("telegram:-100:7", "answer-2");
    expect(await store.answers.answerOfMessage("telegram:-100:7")).toBe("answer-2");
    await store.prune(new Date(Date.now() + 91 * DAY));
    expect(await store.answers.answerOfMessage("telegram:-100:7")).toBeUndefined();
  });
});
