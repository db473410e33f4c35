import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSquad } from "./squad.js";
import { syntheticFiles } from "./synthetic.js";

/** Where the bench keeps what it writes (git-ignored). */
export const BENCH_CACHE = fileURLToPath(new URL(".cache/", import.meta.url));

/**
 * The synthetic corpus of `size` paragraphs as a folder of files, as the bot
 * would read it; written once and reused (it is deterministic).
 */
export async function syntheticFolder(size: number): Promise<string> {
  const dir = join(BENCH_CACHE, `corpus-${size}`);
  const files = syntheticFiles(loadSquad(), size);
  const existing = await readdir(dir).catch(() => []);
  if (existing.length !== files.length) {
    await mkdir(dir, { recursive: true });
    for (const file of files) await writeFile(join(dir, file.name), file.text);
  }
  return dir;
}
