import { describe, expect, it } from "vitest";
import { AdminCache } from "../../../src/adapters/telegram/AdminCache.js";

describe("AdminCache", () => {
  it("asks Telegram once a minute per person and group, and again after a failure", async () => {
    const cache = new AdminCache(60_000);
    let asked = 0;
    const ask = async () => {
      asked++;
      return true;
    };
    expect(await cache.isAdmin(-1, 5, ask, 0)).toBe(true);
    expect(await cache.isAdmin(-1, 5, ask, 59_000)).toBe(true);
    expect(asked).toBe(1);
    await cache.isAdmin(-2, 5, ask, 59_000);
    await cache.isAdmin(-1, 5, ask, 61_000);
    expect(asked).toBe(3);
    await expect(cache.isAdmin(-3, 5, () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    expect(await cache.isAdmin(-3, 5, ask, 1)).toBe(true);
  });
});
