import { expect, it } from "vitest";
import { DAY, storeContract } from "./storeContract.js";

function waiting(messageKey: string, community = "telegram:-5", createdAt = new Date()) {
  return {
    messageKey,
    community,
    platform: "telegram" as const,
    question: `question of ${messageKey}`,
    link: `https://t.me/c/5/${messageKey.split(":").at(-1)}`,
    keyTerms: ["salari", "soldier"],
    createdAt,
  };
}

function suggestion(replyKey: string, waitingKey?: string, community = "telegram:-5") {
  return {
    replyKey,
    community,
    platform: "telegram" as const,
    question: "who pays the soldiers",
    answer: "Each country pays its own.",
    authorName: "Grace",
    authorHash: "h-grace",
    authorModerator: true,
    link: `https://t.me/c/5/${replyKey.split(":").at(-1)}`,
    ...(waitingKey ? { waitingKey } : {}),
  };
}

storeContract("learning repository", (current) => {
  it("keeps each waiting question once, lists a community's newest first, and groups them into the gaps first", async () => {
    const { store } = current();
    await store.learning.keepWaiting(waiting("telegram:-5:1", "telegram:-5", new Date(Date.now() - 2000)));
    await store.learning.keepWaiting(waiting("telegram:-5:1"));
    await store.learning.keepWaiting(waiting("telegram:-5:2"));
    await store.learning.keepWaiting(waiting("telegram:-9:3", "telegram:-9"));
    const since = new Date(Date.now() - DAY);
    const listed = await store.learning.listWaiting({ since, community: "telegram:-5" });
    expect(listed.count).toBe(2);
    expect(listed.items.map((item) => item.messageKey)).toEqual(["telegram:-5:2", "telegram:-5:1"]);
    expect(listed.items[0]).toMatchObject({ platform: "telegram", keyTerms: ["salari", "soldier"], link: "https://t.me/c/5/2" });
    expect((await store.learning.listWaiting({ since })).count).toBe(3);
    expect(await store.gaps.list({ since, community: "telegram:-5" })).toEqual([
      { terms: ["salari", "soldier"], count: 2, examples: ["question of telegram:-5:2", "question of telegram:-5:1"] },
    ]);
    expect((await store.gaps.stats({ since, community: "telegram:-5" })).waiting).toBe(2);
    expect(await store.learning.findWaiting(["telegram:-5:404", "telegram:-5:1"], { community: "telegram:-5" })).toMatchObject({ messageKey: "telegram:-5:1" });
    expect(await store.learning.findWaiting(["telegram:-5:1"], { community: "telegram:-9" })).toBeUndefined();
  });

  it("offers one suggestion per reply, decides it once (also from a second connection), and marks its question answered", async () => {
    const { site, store } = current();
    await store.learning.keepWaiting(waiting("telegram:-5:1"));
    const offered = await store.learning.addSuggestion(suggestion("telegram:-5:2", "telegram:-5:1"));
    expect(offered).toMatchObject({ status: "pending", authorModerator: true, waitingKey: "telegram:-5:1" });
    expect(await store.learning.addSuggestion(suggestion("telegram:-5:2", "telegram:-5:1"))).toBeUndefined();
    await store.learning.addSuggestion(suggestion("telegram:-9:4", undefined, "telegram:-9"));
    expect((await store.learning.pendingSuggestions({ community: "telegram:-5" })).map((item) => item.replyKey)).toEqual(["telegram:-5:2"]);
    expect(await store.learning.suggestion(offered!.id, { community: "telegram:-9" })).toBeUndefined();

    const other = await site.open();
    const decisions = await Promise.all([store.learning.decide(offered!.id, "taught"), other.learning.decide(offered!.id, "ignored")]);
    expect(decisions.filter(Boolean)).toHaveLength(1);
    const decided = await store.learning.suggestion(offered!.id);
    expect(decided?.status).not.toBe("pending");
    await store.learning.taught(decided!, 17);
    expect(await store.learning.suggestion(offered!.id)).toMatchObject({ taughtId: 17 });
    expect((await store.learning.listWaiting({ since: new Date(0) })).count).toBe(0);
    expect(await store.learning.pendingSuggestions({ community: "telegram:-5" })).toEqual([]);
  });

  it("reopens a decision whose teaching failed, and forgets old rows like other questions", async () => {
    const { store } = current();
    const offered = await store.learning.addSuggestion(suggestion("telegram:-5:2"));
    expect(await store.learning.decide(offered!.id, "taught")).toBe(true);
    await store.learning.reopen(offered!.id);
    expect((await store.learning.suggestion(offered!.id))?.status).toBe("pending");
    await store.learning.keepWaiting(waiting("telegram:-5:1", "telegram:-5", new Date(Date.now() - 100 * DAY)));
    await store.learning.prune(new Date(Date.now() - 50 * DAY));
    expect((await store.learning.listWaiting({ since: new Date(0) })).count).toBe(0);
    expect(await store.learning.suggestion(offered!.id)).toBeDefined();
  });
});
