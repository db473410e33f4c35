/**
 * The production start, as the Docker image runs it: the compiled dist/
 * with production dependencies only, in a fresh folder, started with `node`
 * directly. The steps are the Dockerfile's: `npm ci --omit=dev`, then
 * `node dist/main.js` — except that a native module is not compiled again
 * (offline that takes minutes): then the production part of this checkout's
 * tree is copied and pruned with `npm prune --omit=dev`.
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../src/answer/AnswerService.js";
import { DEFAULT_CORPUS_DIR } from "../src/config/paths.js";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
/** What the image holds besides node_modules and dist/ (see Dockerfile). */
const RUNTIME_FILES = ["package.json", "package-lock.json", "corpus", "commands"];

let app: string;

// main.ts starts the HTTP server once it is wired in; until then there is no /healthz to ask.
const MAIN_SERVES_HTTP = (await readFile(join(REPO, "src/main.ts"), "utf8")).includes("HttpServer");

/** The environment of the production process: nothing from this one but the basics, so no token or .env leaks in. */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: join(app, "data"), ...extra };
}

interface LockFile {
  packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
}

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), "cited-prod-"));
  for (const file of RUNTIME_FILES) await cp(join(REPO, file), join(app, file), { recursive: true });
  await run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", join(REPO, "tsconfig.build.json"), "--outDir", join(app, "dist")], {
    cwd: REPO,
  });
  const lock = JSON.parse(await readFile(join(REPO, "package-lock.json"), "utf8")) as LockFile;
  const manifest = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
  // A production package whose install script npm may run (a native build such as better-sqlite3's)
  // compiles from source without network: minutes. Then use the tree `npm ci` already built here.
  const nativeBuilds = Object.entries(lock.packages).filter(
    ([path, entry]) => entry.hasInstallScript && !entry.dev && manifest.allowScripts?.[path.replace(/^.*node_modules\//, "")] === true,
  );
  if (nativeBuilds.length === 0) {
    // Offline: from the npm cache that the `npm ci` before the tests filled; the image runs the same command online.
    await run("npm", ["ci", "--omit=dev", "--offline", "--no-audit", "--no-fund"], { cwd: app });
  } else {
    await copyProductionTree(lock);
    await run("npm", ["prune", "--omit=dev", "--offline", "--no-audit", "--no-fund"], { cwd: app });
  }
}, 120_000);

/** Copies this checkout's node_modules without the development-only packages (and without .bin). */
async function copyProductionTree(lock: LockFile): Promise<void> {
  const devOnly = new Set(
    Object.entries(lock.packages)
      .filter(([, entry]) => entry.dev === true)
      .map(([path]) => path),
  );
  await cp(join(REPO, "node_modules"), join(app, "node_modules"), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => {
      const parts = relative(REPO, source).split(sep);
      if (parts[1] === ".bin" || parts[1] === ".cache" || parts[1] === ".vite" || parts[1] === ".vitest") return false;
      return !parts.some((_, end) => devOnly.has(parts.slice(0, end + 1).join("/")));
    },
  });
}

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

describe("production start (node dist/main.js, production dependencies only)", () => {
  it("has no development-only package installed", async () => {
    const lock = JSON.parse(await readFile(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && entry.dev === true);
    expect(devOnly.map(([path]) => path)).toContain("node_modules/vitest");
    for (const [path] of devOnly) await expect(readFile(join(app, path, "package.json")), path).rejects.toThrow();
  });

  it("answers a question piped to the console chat", async () => {
    const question = "What is the ISF?";
    const expected = (await AnswerService.load(DEFAULT_CORPUS_DIR)).ask(question);
    expect(expected.answered).toBe(true);
    const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["dist/main.js"], { cwd: app, env: productionEnv({}), stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += String(chunk)));
      child.stderr.on("data", (chunk) => (stderr += String(chunk)));
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(`${question}\n`);
    });
    expect(output.stderr).toBe("");
    expect(output.code).toBe(0);
    // The same first quotation the service gives in this process.
    expect(output.stdout).toContain(expected.snippets[0]?.text.slice(0, 60));
  }, 30_000);

  it.skipIf(!MAIN_SERVES_HTTP)(
    "serves /healthz on PORT with a platform configured, and stops cleanly on SIGTERM",
    async () => {
      const token = "777:production-test";
      const telegram = new FakeTelegramServer({ token });
      const apiRoot = await telegram.listen();
      const port = await freePort();
      const child = spawn(process.execPath, ["dist/main.js"], {
        cwd: app,
        env: productionEnv({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, PORT: String(port), LOG_LEVEL: "warn" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let logs = "";
      child.stdout.on("data", (chunk) => (logs += String(chunk)));
      child.stderr.on("data", (chunk) => (logs += String(chunk)));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        expect(await firstAnswer(`http://127.0.0.1:${port}/healthz`, 15_000)).toBe(200);
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
        expect(logs).not.toContain(token);
      } finally {
        child.kill("SIGKILL");
        await telegram.close();
      }
    },
    30_000,
  );
});

/** The status of the first answer from `url`, asking again while nothing listens yet. */
async function firstAnswer(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A port nothing listens on right now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
