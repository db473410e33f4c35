import { spawn } from "node:child_process";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("createLogger", () => {
  it("scrubs the platform tokens from library errors that nest them, such as grammY's HttpError", () => {
    const token = "123456:SECRET-tok_en";
    const out = capture();
    const logger = createLogger("info", [token, undefined], out.stream);
    // The shape grammY throws when the Bot API cannot be reached: the inner fetch error's message is the URL.
    const inner = new Error(`request to http://127.0.0.1:9/bot${token}/getMe failed, reason: connect ECONNREFUSED`);
    const error = Object.assign(new Error("Network request for 'getMe' failed!"), { error: inner });
    logger.error({ err: error, url: `http://x/bot${encodeURIComponent(token)}/sendMessage` }, `telegram: ${inner.message}`);
    expect(out.text()).toContain("getMe");
    expect(out.text()).toContain("[redacted]");
    expect(out.text()).not.toContain("SECRET-tok_en");
    expect(out.text()).not.toContain("SECRET-tok");
  });

  it("still redacts token fields without a secrets list", () => {
    const out = capture();
    createLogger("info", [], out.stream).info({ config: { token: "abc-secret" } }, "config");
    expect(out.text()).not.toContain("abc-secret");
  });

  it("never blocks on a standard error nobody reads: logging goes on (lines beyond a bounded backlog dropped) and the stop ends within its bound", async () => {
    // stderr is a pipe this test never reads: it fills after 64 KiB; the child logs about 5 MB.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/floodLog.ts", "300"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^stopped \d+/);
    child.stderr.destroy();
  }, 20_000);
});
