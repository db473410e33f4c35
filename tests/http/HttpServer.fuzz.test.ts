import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpServer } from "../../src/http/HttpServer.js";

let server: HttpServer;
let port: number;
let handled = 0;

beforeAll(async () => {
  server = new HttpServer({ port: 0, host: "127.0.0.1" });
  server.route("POST", "/json", (request) => {
    const body = request.json();
    handled += 1;
    return { json: { type: typeof body } };
  });
  ({ port } = await server.listen());
});
afterAll(() => server.close());

/** Writes raw bytes on a fresh connection and resolves with whatever comes back before it closes. */
function raw(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on("data", (chunk) => (data += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(data));
  });
}

describe("HttpServer on arbitrary input", () => {
  it("answers any bytes on the wire with an HTTP status or a closed connection, and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const reply = await raw(bytes);
        expect(reply === "" || /^HTTP\/1\.1 \d{3}/.test(reply)).toBe(true);
      }),
      { numRuns: 60, seed: 11 },
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it("answers any body with 200 (JSON) or 400 (not JSON), never 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.json().map((json) => json),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
        ),
        async (body) => {
          const response = await fetch(`http://127.0.0.1:${port}/json`, { method: "POST", body });
          let parses = true;
          try {
            JSON.parse(body);
          } catch {
            parses = false;
          }
          expect(response.status).toBe(parses ? 200 : 400);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
    expect(handled).toBeGreaterThan(0);
  });
});
