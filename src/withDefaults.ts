/**
 * Options merged over their defaults, once. A key given as `undefined`
 * keeps its default, as if it were left out (a plain spread would not).
 */
export function withDefaults<T extends object>(defaults: Required<T>, options: T | undefined): Required<T> {
  const merged: Record<string, unknown> = { ...defaults };
  if (options) for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
  return merged as Required<T>;
}
