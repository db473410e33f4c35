import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCorpus } from "../../../src/corpus/loadCorpus.js";
import { renderAnswerText } from "../../../src/render/text.js";

async function mixedCorpus(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cited-formats-"));
  for (const name of ["report.pdf", "handbook.docx", "ferry-news.html"]) await copyFile(join("tests/fixtures/formats", name), join(dir, name));
  await writeFile(join(dir, "notes.md"), "# Notes\n\nThe boathouse opens at seven on weekdays.\n");
  // Broken files are skipped with a warning naming them; the others still load.
  await writeFile(join(dir, "broken.pdf"), "%PDF-1.7 this is not really a PDF");
  await writeFile(join(dir, "broken.docx"), "not a zip file");
  return dir;
}

describe("a corpus folder of PDF, DOCX, HTML and Markdown", () => {
  it("loads every format into one model and skips unreadable files, naming them and why", async () => {
    const corpus = await loadCorpus(await mixedCorpus());
    expect(corpus.documents.map((d) => d.id)).toEqual(["ferry-news.html", "handbook.docx", "notes.md", "report.pdf"]);
    expect(corpus.problems.map((p) => p.file)).toEqual(["broken.docx", "broken.pdf"]);
    for (const problem of corpus.problems) expect(problem.message).toMatch(/^could not be read as (PDF|DOCX): \S/);
  });

  it("answers from a PDF with the page in the citation", async () => {
    const service = await AnswerService.load(await mixedCorpus());
    const answer = service.ask("How many leaking mains did engineers repair?");
    expect(answer.answered).toBe(true);
    const top = answer.snippets[0];
    expect(top).toMatchObject({ documentId: "report.pdf", section: "Leakage", page: 1 });
    expect(top?.text).toContain("214 leaking mains");
    expect(renderAnswerText(answer)).toContain("page 1");
  });

  it("answers from a web page with its date and source", async () => {
    const service = await AnswerService.load(await mixedCorpus());
    const top = service.ask("When will the MV Kittiwake return?").snippets[0];
    expect(top).toMatchObject({ documentId: "ferry-news.html", published: "2025-12-19" });
  });
});
