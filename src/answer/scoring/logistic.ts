import { solve } from "./solve.js";

/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) with an L2 penalty: with a few dozen features it converges in a
 * handful of exact steps, and it is deterministic, since there is no random
 * start, sampling or learning rate to tune.
 */

export interface LogisticFit {
  /** Mean and scale of each feature, applied before the weights. */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface LogisticOptions {
  /**
   * L2 penalty on the standardised weights.
   * @default 1: keeps weights of rare or collinear features from running away
   */
  readonly l2?: number;
  /** @default 25 Newton steps at most; it usually converges in fewer than 10. */
  readonly maxSteps?: number;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The fitted log-odds for one feature vector. */
export function margin(fit: LogisticFit, x: ArrayLike<number>): number {
  let z = fit.bias;
  for (let j = 0; j < fit.weights.length; j++) z += (fit.weights[j] ?? 0) * (((x[j] ?? 0) - (fit.mean[j] ?? 0)) / (fit.scale[j] || 1));
  return z;
}

/** The fitted probability for one feature vector. */
export const predict = (fit: LogisticFit, x: ArrayLike<number>): number => sigmoid(margin(fit, x));

/** Fits labels `y` (0 or 1) to rows `x`. */
export function fitLogistic(x: readonly ArrayLike<number>[], y: readonly number[], options: LogisticOptions = {}): LogisticFit {
  const l2 = options.l2 ?? 1;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j]! += (row[j] ?? 0) / n;
  for (const row of x) for (let j = 0; j < d; j++) scale[j]! += ((row[j] ?? 0) - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  // Standardised rows with a leading 1 for the bias.
  const rows = x.map((row) => {
    const z = new Float64Array(d + 1);
    z[0] = 1;
    for (let j = 0; j < d; j++) z[j + 1] = ((row[j] ?? 0) - mean[j]!) / scale[j]!;
    return z;
  });
  const w = new Float64Array(d + 1);
  for (let step = 0; step < (options.maxSteps ?? 25); step++) {
    const gradient = new Float64Array(d + 1);
    const hessian = Array.from({ length: d + 1 }, () => new Float64Array(d + 1));
    for (let i = 0; i < n; i++) {
      const z = rows[i]!;
      let s = 0;
      for (let j = 0; j <= d; j++) s += w[j]! * z[j]!;
      const p = sigmoid(s);
      const r = (y[i] ?? 0) - p;
      const v = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j <= d; j++) {
        const zj = z[j]!;
        if (zj === 0) continue;
        gradient[j]! += r * zj;
        const hj = hessian[j]!;
        for (let k = j; k <= d; k++) hj[k]! += v * zj * z[k]!;
      }
    }
    for (let j = 0; j <= d; j++) {
      for (let k = 0; k < j; k++) hessian[j]![k] = hessian[k]![j]!;
      // The bias is not penalised.
      if (j > 0) {
        hessian[j]![j]! += l2;
        gradient[j]! -= l2 * w[j]!;
      }
    }
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! += delta[j]!;
      change = Math.max(change, Math.abs(delta[j]!));
    }
    if (change < 1e-8) break;
  }
  return { mean, scale, weights: [...w.slice(1)], bias: w[0]! };
}
