/**
 * Long index work is written as generators that yield between chunks, so
 * the same code runs straight through (in a worker, or a test) or spread
 * over many event-loop turns (on the bot's main thread, during a reload).
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end, synchronously. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps, giving the event loop a turn between chunks. */
export async function runStepsAsync<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Calls `yieldNow` every `every` calls of the returned tick: `if (tick()) yield;`
 * keeps chunks about the same size whatever the loop.
 */
export function ticker(every: number): () => boolean {
  let count = 0;
  return () => ++count % every === 0;
}
