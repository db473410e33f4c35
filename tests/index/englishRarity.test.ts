import { describe, expect, it } from "vitest";
import { englishRarity } from "../../src/index/englishRarity.js";

describe("englishRarity", () => {
  it("weighs everyday words low and rare words and unknown names fully", () => {
    expect(englishRarity("the")).toBe(0.2);
    expect(englishRarity("stand")).toBeLessThan(0.7);
    expect(englishRarity("stand")).toBeLessThan(englishRarity("football"));
    expect(englishRarity("football")).toBeLessThan(englishRarity("desalination"));
    expect(englishRarity("Karachi")).toBe(1);
    expect(englishRarity("zxqvbn")).toBe(1);
  });

  it("folds case and spelling like the analyzer", () => {
    expect(englishRarity("Stand")).toBe(englishRarity("stand"));
    expect(englishRarity("colour")).toBe(englishRarity("color"));
  });
});
