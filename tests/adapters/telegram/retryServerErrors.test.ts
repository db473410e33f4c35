import { describe, expect, it } from "vitest";
import { retryServerErrors, serverErrorBackoff } from "../../../src/adapters/telegram/retryServerErrors.js";

type Result = { ok: true; result: unknown } | { ok: false; error_code: number; description: string };

/** A fake `prev` that answers with `results` in turn and counts its calls. */
function answering(...results: Result[]) {
  let calls = 0;
  const prev = (async () => results[Math.min(calls++, results.length - 1)]) as unknown as Parameters<ReturnType<typeof retryServerErrors>>[0];
  return { prev, calls: () => calls };
}

const fail = (code: number): Result => ({ ok: false, error_code: code, description: `error ${code}` });
const ok: Result = { ok: true, result: true };

describe("retryServerErrors", () => {
  it("waits 3 s, 6 s, 12 s by default, capped at 30 s", () => {
    expect([1, 2, 3, 4, 5].map(serverErrorBackoff)).toEqual([3000, 6000, 12_000, 24_000, 30_000]);
  });

  it("retries a 5xx with the injected wait until the call succeeds", async () => {
    const waits: number[] = [];
    const { prev, calls } = answering(fail(502), fail(500), ok);
    const result = await retryServerErrors((attempt) => (waits.push(attempt), 0))(prev, "sendMessage", { chat_id: 1, text: "x" });
    expect(result).toEqual(ok);
    expect(calls()).toBe(3);
    expect(waits).toEqual([1, 2]);
  });

  it("gives up after three retries and returns the last error", async () => {
    const { prev, calls } = answering(fail(500));
    const result = await retryServerErrors(() => 0)(prev, "sendMessage", { chat_id: 1, text: "x" });
    expect(result).toMatchObject({ ok: false, error_code: 500 });
    expect(calls()).toBe(4);
  });

  it("leaves other errors (400, 429) alone", async () => {
    for (const code of [400, 429]) {
      const { prev, calls } = answering(fail(code), ok);
      expect(await retryServerErrors(() => 0)(prev, "sendMessage", { chat_id: 1, text: "x" })).toMatchObject({ error_code: code });
      expect(calls()).toBe(1);
    }
  });

  it("stops waiting, and retrying, as soon as the call is aborted", async () => {
    const abort = new AbortController();
    const { prev, calls } = answering(fail(500), ok);
    const retrying = retryServerErrors(() => 60_000)(prev, "getMe", undefined as never, abort.signal as never);
    await Promise.resolve();
    abort.abort();
    await expect(retrying).rejects.toThrow(/aborted/);
    expect(calls()).toBe(1);
  });
});
