import { describe, expect, it } from "vitest";
import { AnswerModelError } from "../../../src/answer/scoring/AnswerModelError.js";
import { checkModel, DEFAULT_MODEL, passesJudges, RESEMBLANCE_FEATURES } from "../../../src/answer/scoring/AnswerModel.js";
import { FEATURE_NAMES } from "../../../src/answer/scoring/features.js";

describe("the shipped answer model", () => {
  it("reads the features this code computes (run npm run train after changing them)", () => {
    expect(DEFAULT_MODEL.features).toEqual([...FEATURE_NAMES]);
    expect(() => checkModel(DEFAULT_MODEL)).not.toThrow();
    expect(DEFAULT_MODEL.threshold).toBeGreaterThan(0);
    expect(DEFAULT_MODEL.threshold).toBeLessThan(1);
  });

  it("refuses weights computed for other features, with a stable identifier", () => {
    const stale = { ...DEFAULT_MODEL, features: DEFAULT_MODEL.features.slice(1) };
    expect(() => checkModel(stale)).toThrow(AnswerModelError);
    try {
      checkModel(stale);
    } catch (error) {
      expect((error as AnswerModelError).identifier).toBe("answer-model-mismatch");
    }
  });
});

describe("the resemblance judge", () => {
  const judged = DEFAULT_MODEL.resemblance;
  const row = (values: Partial<Record<(typeof FEATURE_NAMES)[number], number>>) => Float64Array.from(FEATURE_NAMES, (name) => values[name] ?? 0);

  it("reads only the few general signs it was trained on", () => {
    expect(judged?.features).toEqual([...RESEMBLANCE_FEATURES]);
  });

  it("lets a well-supported candidate through and stops one that only resembles the question", () => {
    const probability = DEFAULT_MODEL.threshold + 0.5;
    expect(passesJudges(DEFAULT_MODEL, row({}), probability)).toBe(true);
    expect(passesJudges(DEFAULT_MODEL, row({ negationUnmatched: 1, opposites: 1, missingName: 1, missingInWindow: 1 }), probability)).toBe(false);
    expect(passesJudges(DEFAULT_MODEL, row({}), DEFAULT_MODEL.threshold / 2)).toBe(false);
  });
});
