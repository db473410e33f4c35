import { expect, it } from "vitest";
import { NOW, storeContract } from "./storeContract.js";

storeContract("limits repository", (current) => {
  it("lets a burst through, then one request per refill, with one first refusal per run", async () => {
    const { store } = current();
    const bucket = { burst: 3, refillEveryMs: 20_000 };
    const at = new Date(NOW);
    const later = (ms: number) => new Date(NOW + ms);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await store.limits.take("telegram:u1", bucket, at));
    expect(results).toEqual([
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: true, firstRefusal: false, retryAfterMs: 0 },
      { allowed: false, firstRefusal: true, retryAfterMs: 20_000 },
      { allowed: false, firstRefusal: false, retryAfterMs: 20_000 },
    ]);
    expect(await store.limits.take("telegram:u1", bucket, later(5_000))).toEqual({ allowed: false, firstRefusal: false, retryAfterMs: 15_000 });
    // One refill later, one request passes, and the next refusal gets its notice again.
    expect(await store.limits.take("telegram:u1", bucket, later(20_000))).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
    expect(await store.limits.take("telegram:u1", bucket, later(20_000))).toEqual({ allowed: false, firstRefusal: true, retryAfterMs: 20_000 });
    // Another user has a full bucket; after three refills, so has this one.
    expect(await store.limits.take("telegram:u2", bucket, at)).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
    for (let i = 0; i < 3; i++) expect((await store.limits.take("telegram:u1", bucket, later(80_000))).allowed).toBe(true);
    expect((await store.limits.take("telegram:u1", bucket, later(80_000))).allowed).toBe(false);
    // No limit counts nothing.
    expect(await store.limits.take("telegram:u1", { burst: 0, refillEveryMs: 1 }, at)).toEqual({ allowed: true, firstRefusal: false, retryAfterMs: 0 });
  });

  it("shares one bucket between two replicas exactly under concurrent requests", async () => {
    const { site, store } = current();
    const replica = await site.open();
    const at = new Date(NOW);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? store : replica).limits.take("discord:u9", { burst: 10, refillEveryMs: 60_000 }, at)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(results.filter((result) => result.firstRefusal)).toHaveLength(1);
  });
});
