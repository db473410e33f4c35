import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCorpus } from "../../src/corpus/loadCorpus.js";
import { fetchedFiles, fetchSources, sourceStates } from "../../src/sources/fetchSources.js";
import { PoliteFetcher } from "../../src/sources/PoliteFetcher.js";
import { startWebServer, type Handler } from "./webServer.js";

const article = (title: string, date: string, text: string) =>
  `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="${date}"></head><body><nav>Home News Sport</nav><article><h1>${title}</h1><p>${text}</p></article><footer>Copyright Harbour News</footer></body></html>`;
const html =
  (body: string, headers: Record<string, string> = {}): Handler =>
  (_request, response) =>
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers }).end(body);

let servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function setup(routes: Record<string, Handler>, sources: (base: string) => string) {
  const server = await startWebServer(routes);
  servers.push(server);
  const corpusDir = await mkdtemp(join(tmpdir(), "cited-sources-"));
  const cacheDir = await mkdtemp(join(tmpdir(), "cited-cache-"));
  await writeFile(join(corpusDir, "sources.yaml"), sources(server.url));
  await writeFile(join(corpusDir, "local.md"), "# Local\n\nThe harbour office opens at nine.\n");
  return { server, corpusDir, cacheDir };
}

const fetcher = (options = {}) => new PoliteFetcher({ allowPrivate: true, hostDelayMs: 0, ...options });

describe("fetchSources", () => {
  it("fetches a page, then asks again conditionally: a 304 changes nothing", async () => {
    const page = article("Pier reopens", "2025-12-01", "The pier reopened on Monday after eleven weeks of repairs to the harbour wall by the council.");
    const { server, corpusDir, cacheDir } = await setup(
      {
        "/story": (request, response) => {
          if (request.headers["if-none-match"] === '"v1"') response.writeHead(304).end();
          else html(page, { etag: '"v1"' })(request, response);
        },
      },
      (base) => `- url: ${base}/story\n`,
    );
    const first = await fetchSources(corpusDir, cacheDir, fetcher());
    expect(first).toEqual([{ url: `${server.url}/story`, result: "fetched", documents: 1, changed: true }]);
    const again = await fetchSources(corpusDir, cacheDir, fetcher(), { force: true });
    expect(again[0]).toMatchObject({ result: "not-modified", changed: false, documents: 1 });
    expect(server.requests.filter((r) => r.url === "/story").at(-1)?.headers["if-none-match"]).toBe('"v1"');
    // Within its interval (default 6h) a source is not asked at all.
    expect((await fetchSources(corpusDir, cacheDir, fetcher()))[0]?.result).toBe("fresh");

    const { files } = await fetchedFiles(corpusDir, cacheDir);
    const service = new AnswerService(await loadCorpus(corpusDir, files));
    const top = service.ask("When did the pier reopen?").snippets[0];
    expect(top?.documentId).toBe("web/127.0.0.1/story.html");
    expect(top?.source).toMatch(new RegExp(`^${server.url}/story#:~:text=The%20pier%20reopened`));
    expect(top?.published).toBe("2025-12-01");
  });

  it("keeps the last good copy when a source fails, and reports the error", async () => {
    let up = true;
    const { corpusDir, cacheDir } = await setup(
      {
        "/story": (request, response) =>
          up ? html(article("Pier", "2025-12-01", "The pier reopened on Monday after repairs."))(request, response) : response.writeHead(503).end(),
      },
      (base) => `- url: ${base}/story\n`,
    );
    expect((await fetchSources(corpusDir, cacheDir, fetcher()))[0]?.result).toBe("fetched");
    up = false;
    const failed = await fetchSources(corpusDir, cacheDir, fetcher(), { force: true });
    expect(failed[0]).toMatchObject({ result: "failed", documents: 1, changed: false, error: expect.stringMatching(/HTTP 503/) });
    expect((await fetchedFiles(corpusDir, cacheDir)).files.map((f) => f.name)).toEqual(["web/127.0.0.1/story.html"]);
    expect((await sourceStates(corpusDir, cacheDir))[0]?.state).toMatchObject({ error: expect.stringMatching(/HTTP 503/), succeededAt: expect.any(String) });
  });

  it("obeys robots.txt: a disallowed page is never requested", async () => {
    const { server, corpusDir, cacheDir } = await setup(
      {
        "/robots.txt": (_request, response) => response.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private/\n"),
        "/private/story": html(article("Secret", "2025-12-01", "Nothing to see here at all, really nothing.")),
      },
      (base) => `- url: ${base}/private/story\n`,
    );
    const [report] = await fetchSources(corpusDir, cacheDir, fetcher());
    expect(report).toMatchObject({ result: "failed", error: expect.stringMatching(/robots\.txt/) });
    expect(server.requests.some((r) => r.url === "/private/story")).toBe(false);
  });

  it("stops a redirect loop and an oversized body, and fetches no private address unless allowed", async () => {
    const { corpusDir, cacheDir } = await setup(
      {
        "/a": (_request, response) => response.writeHead(302, { location: "/b" }).end(),
        "/b": (_request, response) => response.writeHead(302, { location: "/a" }).end(),
        "/big": (_request, response) => {
          response.writeHead(200, { "content-type": "text/html" });
          // Streamed without a length, so the limit is enforced while reading.
          for (let i = 0; i < 50; i++) response.write(`<p>${"word ".repeat(200)}</p>`);
          response.end();
        },
      },
      (base) => `- url: ${base}/a\n- url: ${base}/big\n`,
    );
    const reports = await fetchSources(corpusDir, cacheDir, fetcher({ maxBytes: 10_000 }));
    expect(reports[0]).toMatchObject({ result: "failed", error: expect.stringMatching(/redirect loop/) });
    expect(reports[1]).toMatchObject({ result: "failed", error: expect.stringMatching(/limit/) });
    const guarded = await fetchSources(corpusDir, cacheDir, new PoliteFetcher({ hostDelayMs: 0 }), { force: true });
    expect(guarded[1]).toMatchObject({ result: "failed", error: expect.stringMatching(/SOURCES_ALLOW_PRIVATE/) });
  });

  it("fails a source whose documents together pass its max_bytes, keeping its last good copy", async () => {
    const routes: Record<string, Handler> = {
      "/sitemap.xml": (_request, response) =>
        response
          .writeHead(200, { "content-type": "application/xml" })
          .end(`<?xml version="1.0"?><urlset>${["/p1", "/p2", "/p3"].map((path) => `<url><loc>${server.url}${path}</loc></url>`).join("")}</urlset>`),
    };
    for (const n of [1, 2, 3])
      routes[`/p${n}`] = html(article(`Page ${n}`, "2025-12-01", `Harbour notice ${n}. ${"The tide tables change in spring. ".repeat(100)}`));
    const { server, corpusDir, cacheDir } = await setup(routes, (base) => `- url: ${base}/sitemap.xml\n`);
    expect((await fetchSources(corpusDir, cacheDir, fetcher()))[0]).toMatchObject({ result: "fetched", documents: 3 });
    // Each page is about 3.5 KB: two fit in 8,000 bytes, three do not.
    await writeFile(join(corpusDir, "sources.yaml"), `- url: ${server.url}/sitemap.xml\n  max_bytes: 8000\n`);
    const [report] = await fetchSources(corpusDir, cacheDir, fetcher(), { force: true });
    expect(report).toMatchObject({ result: "failed", documents: 3, error: expect.stringMatching(/8000-byte limit \(max_bytes\)/) });
    expect((await fetchedFiles(corpusDir, cacheDir)).files).toHaveLength(3);
    expect((await sourceStates(corpusDir, cacheDir))[0]?.state?.error).toMatch(/max_bytes/);
  });

  it("makes a document of each feed item and answers a 'still …?' question from the newest", async () => {
    const item = (title: string, date: string, text: string, slug: string) =>
      `<item><title>${title}</title><link>https://news.example.org/${slug}</link><pubDate>${date}</pubDate><content:encoded><![CDATA[<p>${text}</p>]]></content:encoded></item>`;
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island News</title><link>https://news.example.org/</link>
      ${item("Ferry timetable cut", "Thu, 20 Nov 2025 08:00:00 GMT", "The island ferry is running twice a day while the MV Kittiwake is repaired in dry dock.", "cut")}
      ${item("Repairs take longer", "Fri, 05 Dec 2025 08:00:00 GMT", "The island ferry is still running twice a day, as the repairs to the MV Kittiwake take longer than planned.", "longer")}
      ${item("Full timetable back", "Fri, 19 Dec 2025 08:00:00 GMT", "The island ferry is running four times a day again now that the MV Kittiwake has returned from dry dock.", "back")}
      </channel></rss>`;
    const { corpusDir, cacheDir } = await setup(
      { "/feed.xml": (_request, response) => response.writeHead(200, { "content-type": "application/rss+xml" }).end(rss) },
      (base) => `- url: ${base}/feed.xml\n  every: 1h\n`,
    );
    const [report] = await fetchSources(corpusDir, cacheDir, fetcher());
    expect(report).toMatchObject({ result: "fetched", documents: 3, changed: true });
    const { files } = await fetchedFiles(corpusDir, cacheDir);
    const service = new AnswerService(await loadCorpus(corpusDir, files));
    const answer = service.ask("Is the island ferry still running twice a day?");
    expect(answer.answered).toBe(true);
    expect(answer.snippets[0]).toMatchObject({ document: "Full timetable back", published: "2025-12-19", documentId: "web/news.example.org/back.html" });
    expect(answer.snippets.slice(1).every((snippet) => snippet.earlier === true)).toBe(true);
  });
});
