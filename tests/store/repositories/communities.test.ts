import { afterEach, describe, expect, it } from "vitest";
import { sqliteStore, type TestStore } from "../../fakes/sqliteStore.js";

const opened: TestStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function open(): Promise<TestStore> {
  const store = await sqliteStore();
  opened.push(store);
  return store;
}

const refusal = (id: string, community: string) => ({
  id,
  platform: "discord" as const,
  community,
  userHash: "u",
  question: `What is ${id}?`,
  answered: false,
  identifier: "not-in-corpus",
  passages: [],
  missingTerms: [id],
  keyTerms: [id],
  corpusVersion: "v1",
  createdAt: new Date(),
});

describe("communities as scopes", () => {
  it("shows each community its own gaps, taught answers and pins; no scope sees all", async () => {
    const store = await open();
    await store.answers.record(refusal("zorblax", "discord:1"));
    await store.answers.record(refusal("quintar", "discord:2"));
    const since = new Date(0);
    expect((await store.gaps.list({ since, community: "discord:1" })).map((gap) => gap.terms)).toEqual([["zorblax"]]);
    expect((await store.gaps.list({ since })).length).toBe(2);
    expect((await store.gaps.stats({ since, community: "discord:2" })).questions).toBe(1);

    const taught = { question: "q", answer: "a", moderatorName: "m", moderatorHash: "h", platform: "discord" as const };
    const mine = await store.teaching.addTaught({ ...taught, community: "discord:1" });
    await store.teaching.addTaught({ ...taught, community: "discord:2" });
    expect((await store.teaching.listTaught({ community: "discord:1" })).map((entry) => entry.id)).toEqual([mine.id]);
    expect(await store.teaching.removeTaught(mine.id, { community: "discord:2" })).toBe(false);
    expect(await store.teaching.updateTaught(mine.id, { answer: "b" }, { community: "discord:2" })).toBeUndefined();
    expect(await store.teaching.removeTaught(mine.id, { community: "discord:1" })).toBe(true);
    expect(await store.teaching.listTaught()).toHaveLength(1);

    const pin = { questionKey: "k", question: "q", documentId: "d", sectionSlug: "s", start: 0, end: 1, text: "t", moderatorHash: "h" };
    await store.teaching.addPin({ ...pin, community: "discord:1" });
    expect(await store.teaching.listPins({ community: "discord:2" })).toEqual([]);
    expect(await store.teaching.removePin("k", { community: "discord:2" })).toBe(false);
    expect(await store.teaching.listPins()).toHaveLength(1);
  });
});
