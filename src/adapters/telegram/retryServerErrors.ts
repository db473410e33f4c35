import type { Transformer } from "grammy";

/**
 * Wait before retrying a call that Telegram answered with a 5xx, the
 * `attempt`-th time in a row: 3 s, 6 s, 12 s, as @grammyjs/auto-retry waits,
 * capped at 30 s.
 */
export const serverErrorBackoff = (attempt: number): number => Math.min(30_000, 3000 * 2 ** Math.max(0, attempt - 1));

/** Waits `ms`, or rejects at once when `signal` aborts, so an abandoned call stops retrying. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("Request aborted while waiting to retry"));
    const abort = () => {
      clearTimeout(timer);
      reject(new Error("Request aborted while waiting to retry"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * A grammY transformer that retries calls Telegram answered with its own
 * 5xx, `attempts` times at most, waiting `backoff(attempt)` between tries.
 * (Flood limits, 429 with `retry_after`, are auto-retry's job.) The wait is
 * injectable so tests need not sit through seconds of real backoff.
 */
export function retryServerErrors(backoff: (attempt: number) => number = serverErrorBackoff, attempts = 3): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      const result = await prev(method, payload, signal);
      if (result.ok || result.error_code < 500 || attempt > attempts) return result;
      await pause(backoff(attempt), signal as AbortSignal | undefined);
    }
  };
}
