import { describe, expect, it } from "vitest";
import { AnswerModelError } from "../../../src/answer/scoring/AnswerModelError.js";
import { checkModel, DEFAULT_MODEL } from "../../../src/answer/scoring/AnswerModel.js";
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
