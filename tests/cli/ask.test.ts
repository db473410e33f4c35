import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function ask(args: string[], input?: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/ask.ts", ...args],
      { env: { ...process.env, CORPUS_DIR: "", LOG_LEVEL: "" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? "");
  });
}

describe("npm run ask", () => {
  it("prints one JSON object for --json", async () => {
    const { code, stdout } = await ask(["--json", "Is there a ceasefire in Gaza?"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expect(answer).toMatchObject({ question: "Is there a ceasefire in Gaza?", answered: true });
    expect(answer.snippets[0]).toEqual(
      expect.objectContaining({ text: expect.any(String), document: expect.any(String), section: expect.any(String), score: expect.any(Number) }),
    );
  }, 20_000);

  it("answers standard input line by line as JSONL, in order, empty lines included", async () => {
    const questions = ["who is rubio", "", "What is the population of Karachi?", "dar red lines"];
    const { code, stdout } = await ask(["--json"], `${questions.join("\n")}\n`);
    expect(code).toBe(0);
    const answers = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers.map((a) => a.answered)).toEqual([true, false, false, true]);
    expect(answers[1].identifier).toBe("question-empty");
  }, 20_000);

  it("takes several words as one question, as people type it unquoted", async () => {
    const { code, stdout } = await ask(["--json", "Is", "there", "a", "ceasefire?"]);
    expect(code).toBe(0);
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(stdout).question).toBe("Is there a ceasefire?");
  }, 20_000);

  it("answers exactly one JSON line per input line: CRLF, a lone CR, a BOM, bad UTF-8, no final newline", async () => {
    const input = Buffer.concat([
      Buffer.from("\uFEFFwho is rubio\r\n\r\nwhat\rnext\r\n"),
      Buffer.from([0x69, 0x73, 0x66, 0xff, 0x3f, 0x0a]),
      Buffer.from("dar red lines"),
    ]);
    const { code, stdout, stderr } = await ask(["--json"], input);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const answers = stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(5);
    expect(answers[0].question).toBe("who is rubio");
    expect(answers[1].identifier).toBe("question-empty");
    expect(answers[4].question).toBe("dar red lines");
  }, 20_000);

  it("refuses an unknown flag with exit code 2 and the usage, printing nothing on stdout", async () => {
    const { code, stdout, stderr } = await ask(["--jsn", "question"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--jsn/);
    expect(stderr).toMatch(/Usage: npm run ask/);
  }, 20_000);

  it("warns about a malformed corpus file on stderr only; stdout stays pure JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cited-ask-"));
    await writeFile(join(dir, "good.md"), "The hosepipe ban lasts until September.");
    await writeFile(join(dir, "bad.md"), "---\npubished: 2025-01-01\n---\nText.");
    const { code, stdout, stderr } = await ask(["--json", "--corpus", dir, "When does the hosepipe ban end?"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ answered: true });
    expect(stderr).toMatch(/bad\.md.*pubished/);
  }, 20_000);

  it("ends quietly when the reader closes the pipe early (| head -1)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ask.ts", "--json"], { env: { ...process.env, CORPUS_DIR: "" } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.stdout.once("data", () => child.stdout.destroy());
    child.stdin.end("who is rubio\n".repeat(5000));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|at /);
  }, 20_000);

  it("prints quotes with their section for people", async () => {
    const { stdout } = await ask(["Did China vote for the UN resolution?"]);
    expect(stdout).toMatch(/^“/);
    expect(stdout).toContain("What Is the International Stabilisation Force for Gaza?");
  }, 20_000);

  it("answers from another corpus with --corpus", async () => {
    const { stdout } = await ask(["--json", "--corpus", "tests/fixtures/other-corpus", "How much is the hosepipe fine?"]);
    expect(JSON.parse(stdout).snippets[0].documentId).toBe("water-restrictions.md");
  }, 20_000);

  it("fails with one clear line for a missing corpus", async () => {
    const { code, stdout, stderr } = await ask(["--corpus", "no/such/dir", "anything"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("no/such/dir");
  }, 20_000);
});

describe("npm run ask --auto", () => {
  const corpus = async () => {
    const dir = await mkdtemp(join(tmpdir(), "cited-auto-"));
    await writeFile(
      join(dir, "ferry.md"),
      "# Millford ferry\n\nThe Millford ferry was withdrawn from service in March 2024 after its hull cracked.\n\n## Bridge\n\nThe Millford bridge was opened by Mayor Tomas Berg in 1932.\n",
    );
    return dir;
  };

  it("prints one JSON object per line with question, answered, snippets, confidence and identifier", async () => {
    const lines = ["who opened the millford bridge", "lol the bridge is ugly", "@sam you coming?", "how old is tomas berg", ""];
    const { code, stdout } = await ask(["--json", "--auto", "--threshold", "0", "--corpus", await corpus()], `${lines.join("\n")}\n`);
    expect(code).toBe(0);
    const decisions = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(decisions).toHaveLength(lines.length);
    for (const decision of decisions) expect(Object.keys(decision).sort()).toEqual(["answered", "confidence", "identifier", "question", "snippets"]);
    expect(decisions[0]).toMatchObject({ answered: true, identifier: null });
    expect(decisions[0].snippets[0].text).toContain("Tomas Berg");
    expect(decisions[1]).toMatchObject({ answered: false, identifier: "not-a-question", snippets: [] });
    expect(decisions[2]).toMatchObject({ answered: false, identifier: "not-a-question" });
    expect(decisions[3]).toMatchObject({ answered: false, identifier: "not-answered-here" });
  }, 20_000);

  it("says not-confident below the threshold, and refuses a threshold outside 0–1", async () => {
    const dir = await corpus();
    const { stdout } = await ask(["--json", "--auto", "--threshold", "1", "--corpus", dir, "who opened the millford bridge"]);
    expect(JSON.parse(stdout)).toMatchObject({ answered: false, identifier: "not-confident" });
    const bad = await ask(["--json", "--auto", "--threshold", "2", "--corpus", dir, "who opened the millford bridge"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/--threshold/);
  }, 20_000);

  it("adds a confidence to every answered question in plain --json", async () => {
    const { stdout } = await ask(["--json", "--corpus", await corpus(), "who opened the millford bridge"]);
    const answer = JSON.parse(stdout);
    expect(answer.answered).toBe(true);
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  }, 20_000);
});
