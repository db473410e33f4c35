import type { SourceFile } from "../src/corpus/loadCorpus.js";
import type { Squad } from "./squad.js";

/** Small deterministic PRNG (mulberry32), so every run builds the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic corpus of `count` paragraphs built from the SQuAD paragraphs:
 * paragraph n is SQuAD paragraph n mod 217 with about one word in twelve
 * swapped for a word from elsewhere in SQuAD, so the index holds `count`
 * distinct paragraphs with a realistic vocabulary rather than copies.
 * Grouped 50 paragraphs to a document.
 */
export function syntheticFiles(squad: Squad, count: number, seed = 1): SourceFile[] {
  const base = squad.paragraphs.flat();
  const pool = base.join(" ").split(" ");
  const next = random(seed);
  const files: SourceFile[] = [];
  const perDocument = 50;
  for (let start = 0; start < count; start += perDocument) {
    const paragraphs: string[] = [];
    for (let n = start; n < Math.min(count, start + perDocument); n++) {
      const words = (base[n % base.length] ?? "").split(" ");
      for (let i = 0; i < words.length; i++) if (next() < 1 / 12) words[i] = pool[Math.floor(next() * pool.length)] ?? "";
      paragraphs.push(words.join(" "));
    }
    files.push({
      name: `synthetic-${String(start / perDocument).padStart(5, "0")}.txt`,
      text: `---\ntitle: "Synthetic ${start / perDocument}"\n---\n\n${paragraphs.join("\n\n")}\n`,
    });
  }
  return files;
}
