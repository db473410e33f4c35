import { stat } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { answer, DAY, LEASE, NOW, storeContract } from "./repositories/storeContract.js";

/** What concerns the whole store; each repository has its own contract under repositories/. */
storeContract("store contract", (current) => {
  it("says which engine it runs on", () => {
    const { engine, store } = current();
    expect(store.dialect).toBe(engine);
    expect(store.healthy).toBe(true);
  });

  it("prunes answers and votes past the retention, claims after a day, ended windows", async () => {
    const { store } = current();
    const old = answer({ createdAt: new Date(NOW - 91 * DAY) });
    const recent = answer({ createdAt: new Date(NOW - 88 * DAY) });
    await store.answers.record(old);
    await store.answers.record(recent);
    await store.answers.vote(old.id, "a", 1);
    await store.answers.vote(recent.id, "a", 1);
    await store.deliveries.claim("tg:old", LEASE);
    await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000));
    await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000));
    const taught = await store.teaching.addTaught({
      question: "q",
      answer: "a",
      moderatorName: "m",
      moderatorHash: "h",
      platform: "console",
      community: "console",
    });

    await store.prune(new Date(NOW + 25 * 60 * 60 * 1000));
    expect(await store.answers.get(old.id)).toBeUndefined();
    expect(await store.answers.vote(old.id, "a", 1)).toBe("unknown-answer");
    expect(await store.answers.get(recent.id)).toBeDefined();
    expect(await store.answers.votes(recent.id)).toEqual({ up: 1, down: 0 });
    expect(await store.deliveries.claim("tg:old", LEASE)).toEqual({ outcome: "claimed" });
    // The bucket that is full again is gone: the same (past) moment starts from a full bucket.
    expect((await store.limits.take("k", { burst: 1, refillEveryMs: 1000 }, new Date(NOW - 5000))).allowed).toBe(true);
    expect(await store.teaching.listTaught()).toEqual([taught]);
  });

  it("honours a shorter retention", async () => {
    const { site } = current();
    const shortLived = await site.open({ retentionDays: 1 });
    const record = answer({ createdAt: new Date(NOW - 2 * DAY) });
    await shortLived.answers.record(record);
    await shortLived.prune(new Date(NOW));
    expect(await shortLived.answers.get(record.id)).toBeUndefined();
  });

  it("delivers published messages to subscribers, and stops after unsubscribe", async () => {
    const { store } = current();
    const received: string[] = [];
    let resolve = () => {};
    const bothArrived = new Promise<void>((done) => (resolve = done));
    const unsubscribe = await store.subscribe("taught_changed", (payload) => {
      received.push(payload);
      if (payload === "2") resolve();
    });
    await store.publish("taught_changed", "1");
    await store.publish("taught_changed", "2");
    await bothArrived;
    expect(received).toEqual(["1", "2"]);
    await unsubscribe();
    await store.publish("taught_changed", "3");
    await store.ping();
    expect(received).toEqual(["1", "2"]);
  });

  it("hashes users with a salt that survives a restart", async () => {
    const { engine, site, store } = current();
    const hash = store.hashUser("discord", "12345");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("12345");
    expect(store.hashUser("telegram", "12345")).not.toBe(hash);
    await store.close();
    const reopened = await site.open();
    expect(reopened.hashUser("discord", "12345")).toBe(hash);
    const salted = await site.open({ salt: "operator-salt" });
    expect(salted.hashUser("discord", "12345")).not.toBe(hash);
    if (engine === "sqlite") expect((await stat(join(site.dataDir, "salt"))).mode & 0o777).toBe(0o600);
  });

  it("keeps its rows across a restart", async () => {
    const { site, store } = current();
    const record = answer();
    await store.answers.record(record);
    await store.close();
    const reopened = await site.open();
    expect(await reopened.answers.get(record.id)).toEqual(record);
  });
});
