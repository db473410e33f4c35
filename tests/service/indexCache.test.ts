import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedIndexPath, decodeLines, encodeLines, readCachedIndex, writeCachedIndex } from "../../src/service/indexCache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cited-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = encodeLines(['{"k":"one"}', '{"k":"two","v":"é"}']);

describe("index cache", () => {
  it("reads back what it wrote, line by line, leaving no temporary file", async () => {
    await writeCachedIndex(dir, "abc123", body);
    const read = await readCachedIndex(dir, "abc123");
    expect("body" in read && [...decodeLines(read.body)]).toEqual(['{"k":"one"}', '{"k":"two","v":"é"}']);
    expect(await readdir(dir)).toEqual(["index-abc123.jsonl"]);
  });

  it("says missing, stale or corrupt instead of returning a bad file", async () => {
    expect(await readCachedIndex(dir, "abc123")).toEqual({ problem: "missing" });
    await writeCachedIndex(dir, "abc123", body);
    const path = cachedIndexPath(dir, "abc123");
    const file = await readFile(path);
    await writeFile(cachedIndexPath(dir, "def456"), file);
    expect(await readCachedIndex(dir, "def456")).toEqual({ problem: "stale: saved by another version" });
    await writeFile(path, file.subarray(0, -1));
    expect(await readCachedIndex(dir, "abc123")).toEqual({ problem: "corrupt: body does not match its header" });
    await writeFile(path, "garbage");
    expect(await readCachedIndex(dir, "abc123")).toEqual({ problem: "corrupt: no header" });
  });

  it("keeps only the few most recent index files", async () => {
    for (const [i, version] of ["a1", "a2", "a3", "a4"].entries()) {
      await writeCachedIndex(dir, version, body);
      const time = new Date(Date.now() - (10 - i) * 60_000);
      await utimes(cachedIndexPath(dir, version), time, time);
    }
    await writeCachedIndex(dir, "a5", body);
    expect((await readdir(dir)).sort()).toEqual(["index-a3.jsonl", "index-a4.jsonl", "index-a5.jsonl"]);
  });
});
