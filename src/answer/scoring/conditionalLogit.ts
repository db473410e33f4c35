import { solve } from "./solve.js";

/**
 * A conditional logit ranker (McFadden): a linear score per candidate, turned
 * into a softmax over the candidates of one question, fitted so that the
 * candidates holding the answer get the probability mass. Unlike a logistic
 * regression over single candidates, it only learns what tells candidates of
 * the same question apart, which is what ranking needs.
 */
export interface LinearRanker {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
}

export interface RankingGroup {
  readonly rows: readonly ArrayLike<number>[];
  /** 1 for a candidate holding the answer; groups without one teach nothing and are skipped. */
  readonly labels: readonly number[];
}

export function linearScore(ranker: LinearRanker, x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < ranker.weights.length; j++) s += (ranker.weights[j] ?? 0) * (((x[j] ?? 0) - (ranker.mean[j] ?? 0)) / (ranker.scale[j] || 1));
  return s;
}

export interface RankerOptions {
  /** L2 penalty on the standardised weights' distance from `prior`. @default 1 */
  readonly l2?: number;
  /** @default 30 Newton steps at most */
  readonly maxSteps?: number;
  /**
   * Weights (standardised) to start from and to be pulled back to: with a
   * strong penalty the fit stays near a known ranking and only learns
   * corrections the data firmly supports. @default all zero
   */
  readonly prior?: readonly number[];
}

/** Fits by Newton steps on the penalised log-likelihood; deterministic. */
export function fitConditionalLogit(groups: readonly RankingGroup[], options: RankerOptions = {}): LinearRanker {
  const l2 = options.l2 ?? 1;
  const useful = groups.filter((g) => g.labels.some((y) => y === 1) && g.labels.some((y) => y === 0));
  const all = useful.flatMap((g) => g.rows);
  const d = all[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of all) for (let j = 0; j < d; j++) mean[j]! += (row[j] ?? 0) / all.length;
  for (const row of all) for (let j = 0; j < d; j++) scale[j]! += ((row[j] ?? 0) - mean[j]!) ** 2 / all.length;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const standard = useful.map((g) => g.rows.map((row) => Float64Array.from({ length: d }, (_, j) => ((row[j] ?? 0) - mean[j]!) / scale[j]!)));
  const prior = Float64Array.from({ length: d }, (_, j) => options.prior?.[j] ?? 0);
  const w = Float64Array.from(prior);
  // Penalised negative log-likelihood, to keep Newton steps from overshooting.
  const loss = (v: Float64Array) => {
    let total = 0;
    useful.forEach((g, gi) => {
      const s = standard[gi]!.map((z) => z.reduce((acc, x, j) => acc + x * v[j]!, 0));
      const top = Math.max(...s);
      let all = 0;
      let positive = 0;
      s.forEach((x, i) => {
        all += Math.exp(x - top);
        if (g.labels[i] === 1) positive += Math.exp(x - top);
      });
      total += Math.log(all) - Math.log(positive);
    });
    return total + (l2 / 2) * v.reduce((acc, x, j) => acc + (x - prior[j]!) ** 2, 0);
  };
  let current = loss(w);
  for (let step = 0; step < (options.maxSteps ?? 30); step++) {
    const gradient = new Float64Array(d);
    const hessian = Array.from({ length: d }, () => new Float64Array(d));
    useful.forEach((g, gi) => {
      const rows = standard[gi]!;
      const s = rows.map((z) => z.reduce((acc, v, j) => acc + v * w[j]!, 0));
      const top = Math.max(...s);
      const e = s.map((v) => Math.exp(v - top));
      const total = e.reduce((a, b) => a + b, 0);
      const positive = e.reduce((a, v, i) => a + (g.labels[i] === 1 ? v : 0), 0);
      const expected = new Float64Array(d);
      rows.forEach((z, i) => {
        const p = e[i]! / total;
        const q = g.labels[i] === 1 ? e[i]! / positive : 0;
        for (let j = 0; j < d; j++) {
          gradient[j]! += (q - p) * z[j]!;
          expected[j]! += p * z[j]!;
        }
      });
      // Hessian of the log-sum-exp: the covariance of the features under the softmax.
      rows.forEach((z, i) => {
        const p = e[i]! / total;
        for (let j = 0; j < d; j++) {
          const a = z[j]! - expected[j]!;
          if (a === 0) continue;
          const hj = hessian[j]!;
          for (let k = j; k < d; k++) hj[k]! += p * a * (z[k]! - expected[k]!);
        }
      });
    });
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) hessian[j]![k] = hessian[k]![j]!;
      hessian[j]![j]! += l2;
      gradient[j]! -= l2 * (w[j]! - prior[j]!);
    }
    const delta = solve(hessian, gradient);
    // Halve the step until the loss falls.
    let size = 1;
    let next = w.map((x, j) => x + delta[j]!);
    let after = loss(next);
    while (!(after <= current) && size > 1e-4) {
      size /= 2;
      next = w.map((x, j) => x + size * delta[j]!);
      after = loss(next);
    }
    if (!(after <= current)) break;
    let change = 0;
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[j]! - w[j]!));
    w.set(next);
    current = after;
    if (process.env.DEBUG_FIT) console.error("step", step, after, size);
    if (change < 1e-4) break;
  }
  return { mean, scale, weights: [...w] };
}
