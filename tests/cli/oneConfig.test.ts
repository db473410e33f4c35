import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { seedStore } from "../report/seedStore.js";
import { freshPostgresUrl, withPostgres } from "../store/postgresDatabase.js";

/**
 * Every command reads one configuration: the report, export-taught and
 * eval --pins find the database the bot writes, whether it is placed by
 * DATA_DIR or named by any form of STORE_URL. The tools run from another
 * working folder, as an operator runs them, so relative paths are tested for real.
 */
const REPO = process.cwd();
const TSX = pathToFileURL(resolve(REPO, "node_modules/tsx/dist/loader.mjs")).href;
const UNSET = { DATA_DIR: "", STORE_URL: "", STORE_SALT: "", RETENTION_DAYS: "", LOG_LEVEL: "", CORPUS_DIR: "", RATE_LIMIT: "" };

function run(cli: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", TSX, join(REPO, "src/cli", cli), ...args],
      { cwd, env: { ...process.env, ...UNSET, ...env } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "cited-config-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Seeds a store (two taught answers, one pin whose quote the corpus lacks) and returns how many questions the report counts. */
async function seed(url: string): Promise<number> {
  const { inWindow } = await seedStore(url);
  const store = await openStore({ url, pruneEveryMs: 0 });
  await store.teaching.addPin({
    questionKey: "zorblax",
    question: "What is a zorblax?",
    documentId: "nowhere",
    sectionSlug: "none",
    start: 0,
    end: 5,
    text: "A quote no corpus holds",
    moderatorHash: "m1",
    community: "console",
  });
  await store.close();
  return inWindow.length;
}

async function expectEveryToolReads(cwd: string, env: Record<string, string>, questions: number): Promise<void> {
  const report = await run("report.ts", ["--json"], cwd, env);
  expect(report.stderr).toBe("");
  expect(JSON.parse(report.stdout)).toMatchObject({ questions, taught: 2 });
  const exported = await run("exportTaught.ts", [], cwd, env);
  expect(exported.code).toBe(0);
  expect(exported.stdout).toContain("Who commands the night shift?");
  const pins = await run("eval.ts", ["--pins"], cwd, env);
  // The one pin quotes nothing in the bundled corpus: it is found, and found broken.
  expect(pins.stdout).toContain("pins: 0/1 hold");
  expect(pins.code).toBe(1);
}

describe("one configuration for every command", () => {
  it("reads DATA_DIR as the bot does (DATA_DIR/cited.db)", async () => {
    const dataDir = join(folder, "var-cited");
    const questions = await seed(`sqlite:${join(dataDir, "cited.db")}`);
    await expectEveryToolReads(folder, { DATA_DIR: dataDir }, questions);
  }, 60_000);

  it("reads a relative DATA_DIR from the working folder", async () => {
    const questions = await seed(`sqlite:${join(folder, "rel-data", "cited.db")}`);
    await expectEveryToolReads(folder, { DATA_DIR: "rel-data" }, questions);
  }, 60_000);

  it.each([
    ["sqlite:sub1/x.db", "sub1/x.db"],
    ["sqlite://sub2/x.db", "sub2/x.db"],
  ])(
    "reads STORE_URL=%s relative to the working folder",
    async (url, path) => {
      const questions = await seed(`sqlite:${join(folder, path)}`);
      await expectEveryToolReads(folder, { STORE_URL: url }, questions);
    },
    60_000,
  );

  it.each(["sqlite:", "sqlite://"])(
    "reads an absolute STORE_URL (%s/abs/path)",
    async (prefix) => {
      const file = join(folder, `abs-${prefix.length}`, "x.db");
      const questions = await seed(`sqlite:${file}`);
      await expectEveryToolReads(folder, { STORE_URL: `${prefix}${file}` }, questions);
    },
    60_000,
  );

  it.skipIf(!withPostgres)(
    "reads a PostgreSQL STORE_URL, its password in the user part or as ?password=",
    async () => {
      const url = new URL(await freshPostgresUrl());
      const questions = await seed(url.toString());
      await expectEveryToolReads(folder, { STORE_URL: url.toString() }, questions);
      const { password } = url;
      url.password = "";
      url.searchParams.set("password", decodeURIComponent(password));
      const report = await run("report.ts", ["--json"], folder, { STORE_URL: url.toString() });
      expect(JSON.parse(report.stdout)).toMatchObject({ questions });
    },
    90_000,
  );

  it("refuses a STORE_URL the store would refuse, naming it without the password", async () => {
    for (const url of ["postgres://cited:hunter22@db", "postgres://db?user=cited&password=hunter22"]) {
      const result = await run("report.ts", ["--json"], folder, { STORE_URL: url });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("STORE_URL");
      expect(result.stderr).not.toContain("hunter22");
    }
  }, 60_000);
});
