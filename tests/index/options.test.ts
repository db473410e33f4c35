import { describe, expect, it } from "vitest";
import { DEFAULT_SEARCH_INDEX_OPTIONS, resolveSearchIndexOptions } from "../../src/index/options.js";
import { runSteps, runStepsAsync, ticker, type Steps } from "../../src/index/steps.js";

describe("index options", () => {
  it("fills every default and keeps only the index's own keys", () => {
    expect(resolveSearchIndexOptions()).toEqual(DEFAULT_SEARCH_INDEX_OPTIONS);
    const resolved = resolveSearchIndexOptions({ titleBoost: 0.5, maxSnippets: 2 } as never);
    expect(resolved.titleBoost).toBe(0.5);
    expect(Object.keys(resolved).sort()).toEqual(Object.keys(DEFAULT_SEARCH_INDEX_OPTIONS).sort());
  });
});

describe("steps", () => {
  function* count(): Steps<number> {
    const tick = ticker(2);
    let n = 0;
    for (let i = 0; i < 5; i++) {
      n += i;
      if (tick()) yield;
    }
    return n;
  }

  it("runs to the same result synchronously and in event-loop turns", async () => {
    expect(runSteps(count())).toBe(10);
    await expect(runStepsAsync(count())).resolves.toBe(10);
  });
});
