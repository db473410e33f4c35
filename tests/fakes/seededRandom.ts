/**
 * A small seeded pseudo-random generator (mulberry32), so injected faults
 * fall on the same calls in every run with the same seed: a failing test or
 * a benchmark figure can be reproduced.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One injected fault, drawn for a call. */
export type FaultKind = "none" | "429" | "500" | "hang";

/** Rates of the faults a fake injects into calls, each between 0 and 1. */
export interface FaultRates {
  /** Share of calls answered 429 Too Many Requests. @default 0 */
  readonly rate429?: number;
  /** Share of calls answered 500. @default 0 */
  readonly rate500?: number;
  /** Share of calls held open for `hangMs` before being answered normally. @default 0 */
  readonly rateHang?: number;
  /** Seed of the draws, so a run can be repeated exactly. @default 1 */
  readonly seed?: number;
}

/** Draws which fault (if any) hits the next call. */
export function faultDrawer(rates: FaultRates): () => FaultKind {
  const random = seededRandom(rates.seed ?? 1);
  const r429 = rates.rate429 ?? 0;
  const r500 = rates.rate500 ?? 0;
  const rHang = rates.rateHang ?? 0;
  return () => {
    const draw = random();
    if (draw < r429) return "429";
    if (draw < r429 + r500) return "500";
    if (draw < r429 + r500 + rHang) return "hang";
    return "none";
  };
}
