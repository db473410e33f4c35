import type { lookup as systemLookup, LookupAddress } from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import { PoliteFetcher } from "../../src/sources/PoliteFetcher.js";
import { startWebServer } from "./webServer.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A resolver that says every name is 127.0.0.1, as a name rebound to the machine itself would; it counts its answers. */
function loopbackResolver() {
  const asked: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
    asked.push(hostname);
    callback(null, [{ address: "127.0.0.1", family: 4 }]);
  }) as unknown as typeof systemLookup;
  return { lookup, asked };
}

describe("the address check", () => {
  it("checks the address actually connected to: a name resolving to 127.0.0.1 is refused, and nothing reaches the server", async () => {
    const server = await startWebServer({ "/story": (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<p>Hello</p>") });
    close = server.close;
    const port = new URL(server.url).port;
    const resolver = loopbackResolver();
    const fetcher = new PoliteFetcher({ hostDelayMs: 0, lookup: resolver.lookup });
    await expect(fetcher.get(`http://harbour.test:${port}/story`)).rejects.toMatchObject({
      identifier: "private-address",
      message: expect.stringMatching(/harbour\.test is a loopback address \(127\.0\.0\.1\); set SOURCES_ALLOW_PRIVATE=1/),
    });
    expect(resolver.asked).toContain("harbour.test");
    expect(server.requests).toHaveLength(0);
    await fetcher.close();
  });

  it("connects to the address the same resolver gave when private addresses are allowed, and refuses a literal private address without", async () => {
    const server = await startWebServer({ "/story": (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<p>Hello</p>") });
    close = server.close;
    const port = new URL(server.url).port;
    const resolver = loopbackResolver();
    const allowed = new PoliteFetcher({ hostDelayMs: 0, allowPrivate: true, lookup: resolver.lookup });
    await expect(allowed.get(`http://harbour.test:${port}/story`)).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map((request) => request.headers.host)).toContain(`harbour.test:${port}`);
    await allowed.close();

    const guarded = new PoliteFetcher({ hostDelayMs: 0 });
    await expect(guarded.get(`${server.url}/story`)).rejects.toMatchObject({ identifier: "private-address" });
    await expect(guarded.get(`http://[::1]:${port}/story`)).rejects.toMatchObject({ identifier: "private-address" });
    await guarded.close();
  });
});
