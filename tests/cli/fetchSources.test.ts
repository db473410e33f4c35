import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWebServer } from "../sources/webServer.js";

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      { env: { ...process.env, CORPUS_DIR: "", LOG_LEVEL: "", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

let up = true;
const page = `<!doctype html><html><head><title>Pier reopens</title><meta property="article:published_time" content="2025-12-01T09:00:00Z"></head>
<body><nav>Home · News</nav><article><h1>Pier reopens</h1><p>The pier reopened on Monday after eleven weeks of repairs to the harbour wall.</p></article></body></html>`;
const server = await startWebServer({
  "/story": (_request, response) => (up ? response.writeHead(200, { "content-type": "text/html" }).end(page) : response.writeHead(500).end()),
});
afterAll(() => server.close());

describe("npm run fetch-sources", () => {
  it("fetches every source, prints a table, and exits 1 when one fails; ask --corpus answers from the fetched copy", async () => {
    const corpus = await mkdtemp(join(tmpdir(), "cited-cli-sources-"));
    const env = { CACHE_DIR: await mkdtemp(join(tmpdir(), "cited-cli-cache-")), SOURCES_ALLOW_PRIVATE: "1" };
    await writeFile(join(corpus, "sources.yaml"), `- url: ${server.url}/story\n  every: 30m\n`);
    await writeFile(join(corpus, "notes.md"), "# Notes\n\nThe harbour office opens at nine.\n");

    const fetched = await run("src/cli/fetchSources.ts", ["--corpus", corpus], env);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(/^URL\s+status\s+documents\s+changed/);
    expect(fetched.stdout).toMatch(new RegExp(`${server.url}/story\\s+fetched\\s+1\\s+yes`));

    const asked = await run("src/cli/ask.ts", ["--json", "--corpus", corpus, "When did the pier reopen?"], env);
    expect(asked.code).toBe(0);
    const snippet = JSON.parse(asked.stdout).snippets[0];
    expect(snippet).toMatchObject({ documentId: "web/127.0.0.1/story.html", published: "2025-12-01", section: "Pier reopens" });
    expect(snippet.source).toMatch(new RegExp(`^${server.url}/story#:~:text=The%20pier%20reopened`));

    up = false;
    const failed = await run("src/cli/fetchSources.ts", ["--corpus", corpus], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/failed: HTTP 500/);
    // The last good copy still answers.
    const still = await run("src/cli/ask.ts", ["--json", "--corpus", corpus, "When did the pier reopen?"], env);
    expect(JSON.parse(still.stdout).snippets[0].documentId).toBe("web/127.0.0.1/story.html");
  }, 60_000);
});
