import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PoliteFetcher } from "../../src/sources/PoliteFetcher.js";
import { SourceScheduler } from "../../src/sources/SourceScheduler.js";
import type { SourceReport } from "../../src/sources/fetchSources.js";
import { captureLog } from "../fakes/captureLog.js";
import { startWebServer } from "./webServer.js";

describe("SourceScheduler", () => {
  it("fetches at start, then uses the cached copy while it is fresh", async () => {
    const server = await startWebServer({
      "/news": (_request, response) =>
        response
          .writeHead(200, { "content-type": "text/html" })
          .end("<html><body><article><h1>News</h1><p>The ferry runs twice a day until the repairs are finished in February.</p></article></body></html>"),
    });
    try {
      const corpusDir = await mkdtemp(join(tmpdir(), "cited-scheduler-"));
      const cacheDir = await mkdtemp(join(tmpdir(), "cited-scheduler-cache-"));
      await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/news\n  every: 6h\n`);
      const reports: SourceReport[] = [];
      const options = {
        corpusDir,
        cacheDir,
        fetcher: new PoliteFetcher({ allowPrivate: true, hostDelayMs: 0 }),
        logger: captureLog().logger,
        onReport: (r: SourceReport) => reports.push(r),
        onChanged: () => undefined,
      };
      (await SourceScheduler.start(options)).stop();
      (await SourceScheduler.start(options)).stop();
      expect(reports.map((r) => r.result)).toEqual(["fetched", "fresh"]);
      expect(server.requests.filter((r) => r.url === "/news")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("SOURCES_ALLOW_PRIVATE", () => {
  it("is off unless set to 1, empty counts as unset, and anything else is refused by name", async () => {
    const { readConfig } = await import("../../src/config/readConfig.js");
    expect(readConfig({}).sourcesAllowPrivate).toBe(false);
    expect(readConfig({ SOURCES_ALLOW_PRIVATE: "" }).sourcesAllowPrivate).toBe(false);
    expect(readConfig({ SOURCES_ALLOW_PRIVATE: "1" }).sourcesAllowPrivate).toBe(true);
    expect(() => readConfig({ SOURCES_ALLOW_PRIVATE: "yes" })).toThrow(/SOURCES_ALLOW_PRIVATE/);
  });
});
