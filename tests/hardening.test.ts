import { mkdtempSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";
import { rawRequest, stalledHead } from "./fakes/rawHttp.js";

/**
 * Issue 22's probe, against the real bot (webhook mode, SQLite) on
 * 127.0.0.1: what a stranger can make it spend, how often readiness calls
 * Telegram, and a database that stops being writable while it runs.
 */

const TOKEN = "8081:hardening-token";
const SECRET = "hardening_secret-1";
const { start: startBot, closers } = useBot({ DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "", CORPUS_DIR: "", COMMANDS_DIR: "", LOG_LEVEL: "info" }, [
  "./tests/fakes/loopbackOnly.ts",
]);

interface Readiness {
  ready: boolean;
  checks: Array<{ name: string; ready: boolean; detail?: string }>;
}

/** /readyz, asked again every 100 ms (readiness is a state, not an event) until it answers `status`. */
async function readyzUntil(base: string, status: number, timeoutMs: number): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as Readiness;
    if (response.status === status) return body;
    if (Date.now() > deadline) throw new Error(`/readyz still ${response.status}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the running bot under issue 22's probe", () => {
  it("refuses strangers before reading their bodies, asks Telegram once per round of probes, and shows a deleted database", async () => {
    const telegram = new FakeTelegramServer({ token: TOKEN });
    const apiRoot = await telegram.listen();
    closers.push(() => telegram.close());
    const dataDir = mkdtempSync(join(tmpdir(), "cited-hardening-"));
    const database = join(dataDir, "cited.db");
    const bot = startBot({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example/tg",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DATA_DIR: dataDir,
      STORE_URL: `sqlite:${database}`,
    });
    const port = Number(
      await waitFor(() => /http: listening on [^\s"]+:(\d+)/.exec(bot.logs())?.[1], 30_000, "the HTTP server").catch((error: Error) => {
        throw new Error(`${error.message}; log:\n${bot.logs()}`);
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    await waitFor(() => bot.logs().includes("telegram: connected") || undefined, 30_000, "the webhook route");

    // A malformed request target is the client's error.
    expect(await rawRequest(port, "GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    // No secret: 401 before the declared 1 MiB arrives (none of it ever does).
    expect(await rawRequest(port, stalledHead("/tg"))).toMatch(/^HTTP\/1\.1 401/);

    // 100 probes while the webhook is not set: one round of checks at a time, its answer kept 2 s.
    telegram.rateLimitOnce("getWebhookInfo", 30);
    const asked = telegram.callsOf("getWebhookInfo").length;
    const probes = await Promise.all(Array.from({ length: 100 }, () => fetch(`${base}/readyz`)));
    expect(probes.every((probe) => probe.status === 503)).toBe(true);
    expect(telegram.callsOf("getWebhookInfo").length - asked).toBeLessThanOrEqual(1);

    // The webhook is set: ready, with the store writable.
    telegram.deliverTo([`${base}/tg`], SECRET, { publicUrl: "https://bot.example/tg" });
    const ready = await readyzUntil(base, 200, 15_000);
    expect(ready.checks.find((check) => check.name === "store")).toMatchObject({ ready: true });

    // The database file deleted under the running bot: not ready, saying why.
    await unlink(database);
    const broken = await readyzUntil(base, 503, 15_000);
    expect(broken.checks.find((check) => check.name === "store")).toMatchObject({ ready: false, detail: expect.stringContaining("deleted or replaced") });
    expect(bot.logs()).not.toContain(TOKEN.split(":")[1]);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
