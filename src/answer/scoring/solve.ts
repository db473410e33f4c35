/** Solves `a · x = b` by Gaussian elimination with partial pivoting (a is small and positive definite). */
export function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => {
    const r = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i]!;
    return r;
  });
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const head = m[c]!;
    const p = head[c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[c]! / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k]! -= f * head[k]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let k = r + 1; k < n; k++) s -= row[k]! * x[k]!;
    x[r] = s / (row[r]! || 1e-12);
  }
  return x;
}
