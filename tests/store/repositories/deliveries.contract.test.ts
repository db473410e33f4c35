import { expect, it } from "vitest";
import { DAY, LEASE, NOW, storeContract } from "./storeContract.js";

storeContract("deliveries repository", (current) => {
  it("grants a claim once, also to concurrent callers and to a second replica", async () => {
    const { site, store } = current();
    expect(await store.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "claimed" });
    expect(await store.deliveries.claim("tg:1", LEASE)).toMatchObject({ outcome: "in-progress" });
    const replica = await site.open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : replica).deliveries.claim("tg:2", LEASE)));
    expect(results.filter((result) => result.outcome === "claimed")).toHaveLength(1);
    await store.deliveries.settle("tg:1");
    expect(await replica.deliveries.claim("tg:1", LEASE)).toEqual({ outcome: "answered" });
  });

  it("holds a claim for its lease, then gives an unsettled one to the next caller, once; a settled one never", async () => {
    const { site, store } = current();
    const at = new Date(NOW);
    expect(await store.deliveries.claim("tg:dead", 1000, at)).toEqual({ outcome: "claimed" });
    expect(await store.deliveries.claim("tg:dead", 1000, new Date(NOW + 999))).toEqual({ outcome: "in-progress", leaseEndsAt: new Date(NOW + 1000) });
    // The holder died: after its lease, one of several replicas takes it over, with a lease of its own.
    const replica = await site.open();
    const later = new Date(NOW + 1000);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : replica).deliveries.claim("tg:dead", 5000, later)));
    expect(results.filter((result) => result.outcome === "claimed")).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "in-progress")).toHaveLength(9);
    expect(await store.deliveries.claim("tg:dead", 5000, new Date(NOW + 5999))).toEqual({ outcome: "in-progress", leaseEndsAt: new Date(NOW + 6000) });
    await replica.deliveries.settle("tg:dead");
    expect(await store.deliveries.claim("tg:dead", 1000, new Date(NOW + 60_000))).toEqual({ outcome: "answered" });
  });

  it("keeps fetched updates in order until each is dropped, apart per bot, across a restart", async () => {
    const { site, store } = current();
    const entry = (source: string, updateId: number, receivedAt = NOW) => ({
      source,
      updateId,
      payload: JSON.stringify({ update_id: updateId }),
      receivedAt: new Date(receivedAt),
    });
    // Telegram's update ids exceed 32 bits on long-lived bots.
    const big = 2 ** 40;
    await store.deliveries.keepInbox([entry("bot1", big + 3), entry("bot1", big + 1), entry("bot2", 7)]);
    await store.deliveries.keepInbox([entry("bot1", big + 2)]);
    // Fetched again: the first copy stays, with when it first came.
    await store.deliveries.keepInbox([{ ...entry("bot1", big + 1, NOW + 5000), payload: "{}" }]);
    await store.deliveries.keepInbox([]);
    expect(await store.deliveries.inbox("bot1")).toEqual([entry("bot1", big + 1), entry("bot1", big + 2), entry("bot1", big + 3)]);
    await store.deliveries.dropInbox("bot1", big + 2);
    await store.deliveries.dropInbox("bot1", 999);
    await store.close();
    const reopened = await site.open();
    expect((await reopened.deliveries.inbox("bot1")).map((kept) => kept.updateId)).toEqual([big + 1, big + 3]);
    expect((await reopened.deliveries.inbox("bot2")).map((kept) => kept.updateId)).toEqual([7]);
    expect(await reopened.deliveries.inbox("bot3")).toEqual([]);
  });

  it("prunes inbox entries received before a time, and says how many", async () => {
    const { store } = current();
    await store.deliveries.keepInbox([
      { source: "bot", updateId: 1, payload: "{}", receivedAt: new Date(NOW - 3 * DAY) },
      { source: "other", updateId: 2, payload: "{}", receivedAt: new Date(NOW - 2 * DAY) },
      { source: "bot", updateId: 3, payload: "{}", receivedAt: new Date(NOW) },
    ]);
    expect(await store.deliveries.pruneInbox(new Date(NOW - DAY))).toBe(2);
    expect((await store.deliveries.inbox("bot")).map((kept) => kept.updateId)).toEqual([3]);
    expect(await store.deliveries.pruneInbox(new Date(NOW - DAY))).toBe(0);
  });
});
