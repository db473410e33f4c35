import type { EventEmitter } from "node:events";

/**
 * Resolves with the first item that matches `predicate`: one of `existing`
 * (already recorded), else the first matching `event` emitted afterwards.
 * Rejects after `timeoutMs`, naming `what`, so a test fails with a reason
 * instead of hanging, and without polling or fixed sleeps.
 */
export function waitForEvent<T>(
  emitter: EventEmitter,
  event: string,
  existing: readonly T[],
  predicate: (item: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const found = existing.find(predicate);
  if (found !== undefined) return Promise.resolve(found);
  return new Promise<T>((resolve, reject) => {
    const listener = (item: T) => {
      if (!predicate(item)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(item);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/** Resolves once `count` items match (counting `existing` ones), with all of them. */
export function waitForEvents<T>(
  emitter: EventEmitter,
  event: string,
  existing: readonly T[],
  predicate: (item: T) => boolean,
  count: number,
  timeoutMs: number,
  what: string,
): Promise<T[]> {
  const matched = existing.filter(predicate);
  if (matched.length >= count) return Promise.resolve(matched.slice(0, count));
  return new Promise<T[]>((resolve, reject) => {
    const listener = (item: T) => {
      if (!predicate(item)) return;
      matched.push(item);
      if (matched.length < count) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(matched);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${matched.length} of ${count})`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}
