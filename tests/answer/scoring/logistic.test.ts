import { describe, expect, it } from "vitest";
import { fitConditionalLogit, linearScore } from "../../../src/answer/scoring/conditionalLogit.js";
import { fitLogistic, predict } from "../../../src/answer/scoring/logistic.js";

describe("fitLogistic", () => {
  const x = [[0], [1], [2], [3], [4], [5], [1.5], [3.5]];
  const y = [0, 0, 0, 1, 1, 1, 1, 0];

  it("learns that a larger feature means a higher probability", () => {
    const fit = fitLogistic(x, y);
    expect(predict(fit, [5])).toBeGreaterThan(0.5);
    expect(predict(fit, [0])).toBeLessThan(0.5);
  });

  it("is deterministic", () => {
    expect(fitLogistic(x, y)).toEqual(fitLogistic(x, y));
  });
});

describe("fitConditionalLogit", () => {
  it("ranks the candidate with the telling feature first in each group", () => {
    const groups = [
      {
        rows: [
          [1, 0.2],
          [0, 0.9],
          [0, 0.1],
        ],
        labels: [1, 0, 0],
      },
      {
        rows: [
          [0, 0.5],
          [1, 0.4],
        ],
        labels: [0, 1],
      },
      {
        rows: [
          [0, 0.3],
          [0, 0.8],
          [1, 0.8],
        ],
        labels: [0, 0, 1],
      },
    ];
    const ranker = fitConditionalLogit(groups);
    for (const group of groups) {
      const scores = group.rows.map((row) => linearScore(ranker, row));
      expect(scores.indexOf(Math.max(...scores))).toBe(group.labels.indexOf(1));
    }
    expect(fitConditionalLogit(groups)).toEqual(ranker);
  });
});
