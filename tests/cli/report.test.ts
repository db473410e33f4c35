import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/corpus/parseDocument.js";
import { seedStore } from "../report/seedStore.js";
import { freshPostgresUrl, withPostgres } from "../store/postgresDatabase.js";

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      { env: { ...process.env, LOG_LEVEL: "", STORE_SALT: "", RETENTION_DAYS: "", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let folder: string;
let sqliteUrl: string;
let seeded: Awaited<ReturnType<typeof seedStore>>;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "cited-report-"));
  sqliteUrl = `sqlite:${join(folder, "cited.db")}`;
  seeded = await seedStore(sqliteUrl);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("npm run report", () => {
  it("prints the figures as one JSON object with --json", async () => {
    const { code, stdout } = await run("src/cli/report.ts", ["--json"], { STORE_URL: sqliteUrl });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ questions: seeded.inWindow.length, answered: seeded.answered, votes: { up: 2, down: 2 }, taught: 2, days: 30 });
    expect(report.gaps).toEqual([
      { terms: ["command", "night", "shift"], count: 2, examples: ["Who commands the <b>night shift</b>?", "night shift commander?"] },
      { terms: ["office", "open"], count: 1, examples: ["When does the office open?"] },
      { terms: ["zorblax"], count: 1, examples: ["What is a zorblax?"] },
    ]);
  }, 30_000);

  it("limits the window with --days", async () => {
    const { code, stdout } = await run("src/cli/report.ts", ["--json", "--days", "1"], { STORE_URL: sqliteUrl });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
    expect(report.questions).toBe(seeded.records.filter((record) => record.createdAt.getTime() >= dayAgo).length);
    expect(report.perDay.length).toBeLessThanOrEqual(2);
  }, 30_000);

  it("writes the HTML page to --out", async () => {
    const out = join(folder, "out", "report.html");
    const { code, stdout } = await run("src/cli/report.ts", ["--out", out], { STORE_URL: sqliteUrl });
    expect(code).toBe(0);
    expect(stdout).toContain(out);
    const html = await readFile(out, "utf8");
    expect(html).toContain('data-chart="questions-per-day"');
    expect(html).toContain("Who commands the &#60;b&#62;night shift&#60;/b&#62;?");
  }, 30_000);

  it.skipIf(!withPostgres)(
    "reads a PostgreSQL STORE_URL the same way",
    async () => {
      const url = await freshPostgresUrl();
      const pgSeeded = await seedStore(url);
      const { code, stdout } = await run("src/cli/report.ts", ["--json"], { STORE_URL: url });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ questions: pgSeeded.inWindow.length, answered: pgSeeded.answered, votes: { up: 2, down: 2 }, taught: 2 });
    },
    30_000,
  );

  it("rejects a bad --days with the usage", async () => {
    const { code, stderr } = await run("src/cli/report.ts", ["--days", "soon"], { STORE_URL: sqliteUrl });
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: npm run report");
  }, 30_000);

  it("names STORE_URL, password masked, when the database is unreachable", async () => {
    const { code, stderr } = await run("src/cli/report.ts", ["--json"], { STORE_URL: "postgres://cited:hunter22@127.0.0.1:1/cited" });
    expect(code).toBe(1);
    expect(stderr).toContain("STORE_URL=postgres://cited:***@127.0.0.1:1/cited");
    expect(stderr).not.toContain("hunter22");
  }, 30_000);
});

describe("npm run export-taught", () => {
  it("writes the taught answers as a corpus document, one section per entry", async () => {
    const { code, stdout } = await run("src/cli/exportTaught.ts", [], { STORE_URL: sqliteUrl });
    expect(code).toBe(0);
    const document = parseDocument("moderators-answers", stdout, "markdown");
    expect(document.title).toBe("Moderators' answers");
    expect(document.sections.map((section) => section.heading)).toEqual(["Who commands the night shift?", "What is a zorblax?"]);
    const today = new Date().toISOString().slice(0, 10);
    expect(stdout).toContain(`Answer from a moderator, Mod Ann, ${today}.`);
    // A line of the answer that looks like a heading stays text inside its section.
    expect(document.sections[0]!.paragraphs.map((paragraph) => paragraph.text).join(" ")).toContain("not a heading");
  }, 30_000);

  it("writes to --out", async () => {
    const out = join(folder, "moderators-answers.md");
    const { code } = await run("src/cli/exportTaught.ts", ["--out", out], { STORE_URL: sqliteUrl });
    expect(code).toBe(0);
    expect(await readFile(out, "utf8")).toMatch(/^---\ntitle: "Moderators' answers"\n---\n/);
  }, 30_000);
});
