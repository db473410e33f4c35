import type { ServerResponse } from "node:http";
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

describe("SourceScheduler, watching sources.yaml", () => {
  it("takes in an edited sources.yaml without a restart: a new source is fetched and reloads the corpus, a broken file changes nothing", async () => {
    const page = (text: string) => (_request: unknown, response: ServerResponse) =>
      response.writeHead(200, { "content-type": "text/html" }).end(`<html><body><article><h1>News</h1><p>${text}</p></article></body></html>`);
    const server = await startWebServer({
      "/one": page("The ferry runs twice a day until the repairs are finished in February."),
      "/two": page("The library opens on Sundays from the first of March, with longer hours in summer."),
    });
    const corpusDir = await mkdtemp(join(tmpdir(), "cited-scheduler-"));
    const cacheDir = await mkdtemp(join(tmpdir(), "cited-scheduler-cache-"));
    await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/one\n`);
    const reports: SourceReport[] = [];
    const changes: string[] = [];
    const log = captureLog();
    let changed: () => void = () => undefined;
    const scheduler = await SourceScheduler.start({
      corpusDir,
      cacheDir,
      fetcher: new PoliteFetcher({ allowPrivate: true, hostDelayMs: 0 }),
      logger: log.logger,
      onReport: (r: SourceReport) => reports.push(r),
      onChanged: (reason) => (changes.push(reason), changed()),
      watch: true,
    });
    try {
      expect(scheduler.count).toBe(1);
      const reloaded = new Promise<void>((resolve) => (changed = resolve));
      await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/one\n- url: ${server.url}/two\n`);
      await reloaded;
      expect(changes).toEqual(["sources.yaml changed"]);
      expect(scheduler.count).toBe(2);
      expect(reports.map((r) => r.url)).toEqual([`${server.url}/one`, `${server.url}/two`]);
      // A broken edit is reported and keeps both sources; fixing it by removing one unschedules it.
      await writeFile(join(corpusDir, "sources.yaml"), `- url: ftp://nowhere\n`);
      await scheduler.reread();
      expect(scheduler.count).toBe(2);
      expect(log.lines.some((line) => line.msg.includes("sources.yaml not applied"))).toBe(true);
      await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/two\n`);
      await scheduler.reread();
      expect(scheduler.count).toBe(1);
      expect(server.requests.filter((r) => r.url === "/one")).toHaveLength(1);
    } finally {
      scheduler.stop();
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

describe("SourceScheduler, fetching now", () => {
  it("fetches a source now whatever its interval, reloads only when it changed, shares a fetch under way, and knows only its sources", async () => {
    let text = "The ferry runs twice a day until the repairs are finished in February.";
    const server = await startWebServer({
      "/news": (_request, response) =>
        response.writeHead(200, { "content-type": "text/html" }).end(`<html><body><article><h1>News</h1><p>${text}</p></article></body></html>`),
    });
    const corpusDir = await mkdtemp(join(tmpdir(), "cited-scheduler-"));
    const cacheDir = await mkdtemp(join(tmpdir(), "cited-scheduler-cache-"));
    await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/news\n  every: 6h\n`);
    const changes: string[] = [];
    const scheduler = await SourceScheduler.start({
      corpusDir,
      cacheDir,
      fetcher: new PoliteFetcher({ allowPrivate: true, hostDelayMs: 0 }),
      logger: captureLog().logger,
      onChanged: (reason) => changes.push(reason),
    });
    try {
      // Fresh for six hours, yet fetched on request: unchanged, so no reload.
      expect(await scheduler.fetchNow(`${server.url}/news`)).toMatchObject({ result: "fetched", changed: false });
      expect(changes).toEqual([]);
      text = "The ferry now runs three times a day, since the repairs finished early in January.";
      const [one, two] = await Promise.all([scheduler.fetchNow(`${server.url}/news`), scheduler.fetchNow(`${server.url}/news`)]);
      expect(one).toEqual(two);
      expect(one).toMatchObject({ result: "fetched", changed: true });
      expect(changes).toEqual([`web source fetched now (${server.url}/news)`]);
      expect(server.requests.filter((r) => r.url === "/news")).toHaveLength(3);
      expect(await scheduler.fetchNow(`${server.url}/elsewhere`)).toBeUndefined();
    } finally {
      scheduler.stop();
      await server.close();
    }
  });
});
