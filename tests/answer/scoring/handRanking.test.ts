import { describe, expect, it } from "vitest";
import { HAND_RANKING, handRanking } from "../../../src/answer/scoring/handRanking.js";

const base = { sentenceBm25: 0.5, paragraphBm25: 0.5, paragraphIndex: 3, sentenceIndex: 2, holdsKindAsked: false };

describe("handRanking", () => {
  it("rises with each kind of match", () => {
    for (const part of ["sentenceBm25", "paragraphBm25"] as const) expect(handRanking({ ...base, [part]: 1 })).toBeGreaterThan(handRanking(base));
    expect(handRanking({ ...base, holdsKindAsked: true }) - handRanking(base)).toBeCloseTo(HAND_RANKING.answerKindBonus);
  });

  it("gives the lead bonus only in a document's first paragraph, most to its first sentence", () => {
    expect(handRanking({ ...base, sentenceIndex: 0 })).toBe(handRanking(base));
    const first = handRanking({ ...base, paragraphIndex: 0, sentenceIndex: 0 });
    const third = handRanking({ ...base, paragraphIndex: 0, sentenceIndex: 2 });
    expect(first).toBeGreaterThan(third);
    expect(third).toBeGreaterThan(handRanking(base));
  });
});
