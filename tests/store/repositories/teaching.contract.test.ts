import { expect, it } from "vitest";
import { storeContract } from "./storeContract.js";

/** A pin as moderators make it, of a community the test names. */
const PIN = {
  questionKey: "command isf",
  question: "Who commands the ISF?",
  documentId: "article",
  sectionSlug: "leadership",
  start: 5,
  end: 50,
  text: "General X commands it.",
  moderatorHash: "m1",
};

storeContract("teaching repository", (current) => {
  it("adds, lists and removes taught answers", async () => {
    const { store } = current();
    const first = await store.teaching.addTaught({
      question: "Who founded it?",
      answer: "Ada, in 1901.",
      moderatorName: "Mod",
      moderatorHash: "m1",
      platform: "discord",
      community: "console",
    });
    const second = await store.teaching.addTaught({
      question: "Where?",
      answer: "In Basra.",
      moderatorName: "Mod Two",
      moderatorHash: "m2",
      platform: "telegram",
      community: "console",
    });
    expect(first.id).not.toBe(second.id);
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(first.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await store.teaching.listTaught()).toEqual([first, second]);
    expect(await store.teaching.removeTaught(first.id)).toBe(true);
    expect(await store.teaching.removeTaught(first.id)).toBe(false);
    expect(await store.teaching.listTaught()).toEqual([second]);
  });

  it("edits a taught answer's question or answer, keeping the rest", async () => {
    const { store } = current();
    const entry = await store.teaching.addTaught({
      question: "Who?",
      answer: "Ada.",
      moderatorName: "Mod",
      moderatorHash: "m1",
      platform: "console",
      community: "console",
    });
    const edited = await store.teaching.updateTaught(entry.id, { answer: "Ada Lovelace." });
    expect(edited).toEqual({ ...entry, answer: "Ada Lovelace." });
    expect(await store.teaching.updateTaught(entry.id, { question: "Who wrote it?" })).toEqual({
      ...entry,
      question: "Who wrote it?",
      answer: "Ada Lovelace.",
    });
    expect(await store.teaching.updateTaught(entry.id, {})).toEqual({ ...entry, question: "Who wrote it?", answer: "Ada Lovelace." });
    expect(await store.teaching.updateTaught(entry.id + 1000, { answer: "x" })).toBeUndefined();
    expect(await store.teaching.listTaught()).toEqual([{ ...entry, question: "Who wrote it?", answer: "Ada Lovelace." }]);
  });

  it("keeps one pin per question, the latest", async () => {
    const { store } = current();
    const pin = { ...PIN, community: "console" };
    const first = await store.teaching.addPin(pin);
    const replaced = await store.teaching.addPin({ ...pin, start: 60, end: 90, text: "General Y took over." });
    expect(await store.teaching.findPin("command isf")).toEqual(replaced);
    expect(replaced).toMatchObject({ start: 60, end: 90, text: "General Y took over." });
    const other = await store.teaching.addPin({ ...pin, questionKey: "budget", question: "Budget?" });
    expect(await store.teaching.listPins()).toEqual([replaced, other]);
    expect(first.questionKey).toBe("command isf");
    expect(await store.teaching.removePin("budget")).toBe(true);
    expect(await store.teaching.findPin("budget")).toBeUndefined();
  });

  it("keeps pins per community: each its own quote for a question, the operator's where a community has none", async () => {
    const { store } = current();
    const pin = PIN;
    const operator = await store.teaching.addPin({ ...pin, community: "console" });
    const first = await store.teaching.addPin({ ...pin, community: "discord:1", text: "General Y." });
    const second = await store.teaching.addPin({ ...pin, community: "telegram:-2", text: "General Z." });
    expect(await store.teaching.findPin("command isf", { community: "discord:1" })).toEqual(first);
    expect(await store.teaching.findPin("command isf", { community: "telegram:-2" })).toEqual(second);
    expect(await store.teaching.findPin("command isf", { community: "discord:3" })).toEqual(operator);
    expect(await store.teaching.listPins()).toHaveLength(3);
    expect(await store.teaching.removePin("command isf", { community: "discord:1" })).toBe(true);
    expect(await store.teaching.findPin("command isf", { community: "discord:1" })).toEqual(operator);
    expect(await store.teaching.findPin("command isf", { community: "telegram:-2" })).toEqual(second);
    // A private chat belongs to no community: the operator's pin, else the latest of any community.
    expect(await store.teaching.findPin("command isf")).toEqual(operator);
    await store.teaching.removePin("command isf", { community: "console" });
    expect(await store.teaching.findPin("command isf")).toEqual(second);
  });
});
