import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";

function ask(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", "src/cli/ask.ts", ...args], { env: { ...process.env, CORPUS_DIR: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
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
    expect(answer.snippets[0]).toEqual(expect.objectContaining({ text: expect.any(String), document: expect.any(String), section: expect.any(String), score: expect.any(Number) }));
  }, 20_000);

  it("answers standard input line by line as JSONL, in order, empty lines included", async () => {
    const questions = ["who is rubio", "", "What is the population of Karachi?", "dar red lines"];
    const { code, stdout } = await ask(["--json"], `${questions.join("\n")}\n`);
    expect(code).toBe(0);
    const answers = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers.map((a) => a.answered)).toEqual([true, false, false, true]);
    expect(answers[1].identifier).toBe("question-empty");
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
