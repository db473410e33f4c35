import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("npm run ask -- --timeline", () => {
  it("prints the topic's dated key sentences as JSON, oldest first", async () => {
    const corpus = await mkdtemp(join(tmpdir(), "cited-timeline-"));
    const doc = (date: string, text: string) => `---\npublished: ${date}\n---\n\n${text}\n`;
    await writeFile(join(corpus, "b.md"), doc("2025-12-19", "The council decided to replace the Mill Lane bridge with a steel span."));
    await writeFile(join(corpus, "a.md"), doc("2025-11-20", "The council has not decided the future of the Mill Lane bridge."));
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "src/cli/ask.ts", "--corpus", corpus, "--timeline", "Mill Lane bridge"],
        { env: { ...process.env, CORPUS_DIR: "", LOG_LEVEL: "" } },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    const timeline = JSON.parse(stdout);
    expect(timeline.topic).toBe("Mill Lane bridge");
    expect(timeline.entries.map((e: { date: string; documentId: string }) => [e.date, e.documentId])).toEqual([
      ["2025-11-20", "a.md"],
      ["2025-12-19", "b.md"],
    ]);
  }, 30_000);
});
