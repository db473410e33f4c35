import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readFrontMatter } from "../../src/corpus/frontMatter.js";

/**
 * The shipped corpus is the source article turned into Markdown "with its
 * words unchanged". The original is copied into tests/fixtures so the check
 * runs on a fresh clone too; where the shared original exists, the copy must
 * still match it.
 */
const FIXTURE = "tests/fixtures/source-article.txt";
const SHARED = "../shared/data/source-article.txt";
const MARKDOWN = "corpus/us-response-pakistan-isf.md";

/** The Markdown body as the article's lines: headings lose their `##`, the added bio heading goes. */
function articleLinesOf(markdown: string): string[] {
  const body = markdown.slice(readFrontMatter(markdown).bodyOffset);
  return body
    .split("\n")
    .map((line) => line.replace(/^#{1,6}\s+/, "").trim())
    .filter((line) => line !== "" && line !== "About the author");
}

const words = (text: string) => text.split(/\s+/).filter((word) => word !== "");

describe("the shipped article", () => {
  const original = readFileSync(FIXTURE, "utf8");
  const markdown = readFileSync(MARKDOWN, "utf8");

  it.skipIf(!existsSync(SHARED))("fixture is the shared original", () => {
    expect(original).toBe(readFileSync(SHARED, "utf8"));
  });

  it("keeps every word of the original, in order, adding none", () => {
    expect(words(articleLinesOf(markdown).join("\n"))).toEqual(words(original));
  });

  it("keeps the original's lines: question-style lines became headings, paragraphs stayed whole", () => {
    expect(articleLinesOf(markdown)).toEqual(original.split("\n").map((line) => line.trim()).filter((line) => line !== ""));
    const headings = markdown.split("\n").filter((line) => line.startsWith("## ")).map((line) => line.slice(3));
    expect(headings).toContain("What Did the US Say About Pakistan’s Offer?");
    expect(headings.at(-1)).toBe("About the author");
  });

  it("moves the closing author bio's name into the metadata", () => {
    const { metadata } = readFrontMatter(markdown);
    const bio = original.trim().split("\n").at(-1) ?? "";
    expect(metadata.author).toBeDefined();
    expect(bio.startsWith(`${metadata.author} is `)).toBe(true);
  });
});
