import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourcesError } from "../../src/sources/SourcesError.js";
import { readSourcesFile, SOURCES_FILE } from "../../src/sources/sourcesFile.js";
import { RUNS } from "./arbitraries.js";

const FIELDS = ["url", "every", "kind", "max_pages", "max_bytes", "include", "ur1", "evry"];
const VALUES = [
  "https://example.org/news",
  "http://127.0.0.1:8080/feed.xml",
  "ftp://example.org/x",
  "javascript:alert(1)",
  "example.org",
  "6h",
  "30m",
  "1d",
  "0s",
  "59s",
  "-1h",
  "1.5h",
  "page",
  "sitemap",
  "feed",
  "rss",
  "200",
  "0",
  "-3",
  "2.5",
  "1e9",
  "",
  "~",
  "null",
  "[]",
  "{}",
  "&a x",
  "*a",
  "!!str 5",
  '"6h"',
];
const field = fc
  .tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 10 })))
  .map(([name, value]) => `${name}: ${value}`);
/** One entry: a list item of known (and misspelt) fields with any values. */
const entry = fc.array(field, { minLength: 1, maxLength: 4 }).map((fields) => fields.map((line, i) => `${i === 0 ? "- " : "  "}${line}`).join("\n"));
/** A sources.yaml: a list of entries most of the time, any text at all sometimes. */
const file = fc.oneof(
  { weight: 4, arbitrary: fc.array(entry, { maxLength: 4 }).map((entries) => entries.join("\n")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cited-sources-prop-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sources.yaml, for any file", () => {
  it("gives web sources that can be fetched, or one clear error naming the file (never another kind of throw)", async () => {
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        await writeFile(join(dir, SOURCES_FILE), text);
        let specs;
        try {
          specs = await readSourcesFile(dir);
        } catch (error) {
          expect(error).toBeInstanceOf(SourcesError);
          expect((error as SourcesError).identifier).toBe("sources-invalid");
          expect((error as SourcesError).message).toContain(SOURCES_FILE);
          return;
        }
        for (const spec of specs) {
          expect(["http:", "https:"]).toContain(new URL(spec.url).protocol);
          expect(spec.everyMs).toBeGreaterThanOrEqual(60_000);
          expect(Number.isInteger(spec.maxPages) && spec.maxPages > 0).toBe(true);
          expect(Number.isInteger(spec.maxBytes) && spec.maxBytes > 0).toBe(true);
          if (spec.kind !== undefined) expect(["page", "sitemap", "feed"]).toContain(spec.kind);
        }
      }),
      { ...RUNS, numRuns: 200 },
    );
  });
});
