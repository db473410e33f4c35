import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpServer } from "../../src/http/HttpServer.js";
import { silentLogger } from "../../src/logger.js";
import type * as BuildIndex from "../../src/service/buildIndex.js";
import { cachedIndexPath } from "../../src/service/indexCache.js";
import { ServiceHolder } from "../../src/service/ServiceHolder.js";

// The main thread must not build a large corpus: here buildIndex fails if it is called outside the worker (which loads its own copy).
vi.mock("../../src/service/buildIndex.js", () => ({
  buildIndex: () => {
    throw new Error("the index was built on the main thread");
  },
}));

let dir: string;
let corpusDir: string;
let cacheDir: string;
let http: HttpServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cited-startup-"));
  corpusDir = join(dir, "corpus");
  cacheDir = join(dir, "cache");
  await cp("tests/fixtures/other-corpus", corpusDir, { recursive: true });
  http = new HttpServer({ port: 0, host: "127.0.0.1" });
  await http.listen();
});

afterEach(async () => {
  await http.close();
  await rm(dir, { recursive: true, force: true });
});

describe("ServiceHolder start-up", () => {
  it("builds the first index in the worker while /healthz answers, however long the build is held", async () => {
    // The saved index the worker will look for is a named pipe: reading it waits until the test writes to it,
    // which holds the first build for as long as the test likes, without a sleep.
    const { buildIndex } = await vi.importActual<typeof BuildIndex>("../../src/service/buildIndex.js");
    const { version } = await buildIndex({ corpusDir, cacheDir, extraFiles: [], options: {} });
    const pipe = cachedIndexPath(cacheDir, version);
    await rm(pipe);
    execFileSync("mkfifo", [pipe]);

    let settled = false;
    // Any corpus counts as large here (the fixture is small, and a large one would be slow to build in a test).
    const creating = ServiceHolder.create({ corpusDir, cacheDir, logger: silentLogger(), watch: false, mainThreadBuildBytes: 0 }).finally(
      () => (settled = true),
    );
    const url = `http://127.0.0.1:${http.address().port}/healthz`;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "alive" });
    }
    expect(settled).toBe(false);

    // Released with garbage: the worker rejects it as a saved index and builds the index itself.
    await writeFile(pipe, "not an index\n");
    const holder = await creating;
    try {
      const answer = holder.current.ask("How much is the fine for using a hosepipe?");
      expect(answer.answered && answer.snippets[0]?.text).toContain("1,000 pounds");
      expect(holder.current.version).toBe(version);
    } finally {
      await holder.close();
    }
  });

  it("passes its limits to the worker: a file over the size limit is skipped, named in the warning", async () => {
    await writeFile(join(corpusDir, "big.md"), `# Big\n\n${"A long line of text about lighthouses. ".repeat(100)}\n`);
    const holder = await ServiceHolder.create({
      corpusDir,
      cacheDir,
      logger: silentLogger(),
      watch: false,
      limits: { maxFileBytes: 2_000 },
      mainThreadBuildBytes: 0,
    });
    try {
      expect(holder.current.corpus.documents.map((document) => document.id)).not.toContain("big.md");
      expect(holder.current.corpus.problems).toContainEqual({
        file: "big.md",
        message: expect.stringContaining("over the 2 KB limit for one file (MAX_FILE_MB)"),
      });
    } finally {
      await holder.close();
    }
  });
});
