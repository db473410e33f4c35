import fc from "fast-check";

/**
 * Shared generators for the property tests of decoders of untrusted input:
 * text biased towards what the decoders look for (slashes, @, markdown
 * marks, YAML punctuation, line breaks, odd Unicode), and JSON where the
 * platform's schema says something else.
 */
export const piece = (pieces: readonly string[]) =>
  fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 4 }));

export const textOf = (pieces: readonly string[], maxLength = 30) => fc.array(piece(pieces), { maxLength }).map((parts) => parts.join(""));

/** Any JSON value, as a hostile or broken sender might put where an object, string or number belongs. */
export const json = fc.jsonValue({ maxDepth: 3 });

/** A value of the expected shape most of the time, anything at all sometimes. */
export const mostly = <T>(expected: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: expected }, { weight: 1, arbitrary: json as fc.Arbitrary<unknown> });

/**
 * How many cases each property tries (enough to find the usual edge cases,
 * quick in the unit project), from a fixed seed so a run is repeatable: a
 * random seed made the suite fail one run in many. `FC_SEED=<n>` explores
 * other inputs; a failure prints the seed and path to replay.
 */
export const RUNS = { numRuns: 300, seed: Number(process.env.FC_SEED ?? 20261204) };
