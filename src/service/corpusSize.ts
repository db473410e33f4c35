import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Whether the files under `dir` add up to more than `limit` bytes. Stops
 * counting once they do; a missing or unreadable folder or file counts as
 * nothing (loading it reports the problem).
 */
export async function corpusLargerThan(dir: string, limit: number): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += (await stat(join(entry.parentPath, entry.name)).catch(() => undefined))?.size ?? 0;
    if (total > limit) return true;
  }
  return false;
}
