import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseHtml } from "../../../src/corpus/formats/html.js";

const page = async (name: string) => parseHtml(name, await readFile(`tests/fixtures/formats/${name}`, "utf8"));
const allText = (document: Awaited<ReturnType<typeof page>>) => document.sections.flatMap((s) => s.paragraphs.map((p) => p.text)).join("\n");

describe("parseHtml on pages with real-world chrome", () => {
  it("keeps the article only: no navigation, cookie banner, related or most-read boxes, newsletter or footer", async () => {
    const text = allText(await page("ferry-news.html"));
    expect(text).toContain("The ferry between Port Ellen and the mainland will sail twice a day");
    expect(text).toContain("Northern Sound Ferries expects the MV Kittiwake to return by 16 February");
    for (const chrome of ["cookies", "Subscribe", "Most read", "Storm damage", "Pier repairs", "newsletter", "All rights reserved", "Privacy policy", "dataLayer"]) {
      expect(text).not.toContain(chrome);
    }
  });

  it("makes h2 headings sections and reads title, author, date and address from the page's metadata", async () => {
    const document = await page("ferry-news.html");
    expect(document.sections.map((s) => s.heading)).toEqual(["Island ferry timetable cut for winter", "Islanders worried about supplies", "Full service expected in February"]);
    expect(document).toMatchObject({
      title: "Island ferry timetable cut for winter",
      author: "Morag Lindsay",
      published: "2025-12-19",
      source: "https://courier.example.org/news/2025/12/ferry-timetable-cut",
    });
  });

  it("takes the date from <time datetime> when no meta tag gives it", async () => {
    const document = await page("council-update.html");
    expect(document.published).toBe("2025-11-20");
    const text = allText(document);
    expect(text).toContain("The central library will open on Sundays");
    expect(text).not.toMatch(/cookies|Skip to main content|Town Hall/);
    expect(document.sections.map((s) => s.heading)).toContain("Why the change");
  });

  it("reads JSON-LD datePublished and author inside an @graph", () => {
    const html = `<html><head><title>T</title><script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":"Article","datePublished":"2024-03-05T10:00:00+01:00","author":[{"name":"A. Writer"}]}]}</script></head>
      <body><article><h1>Harbour works</h1><p>The harbour wall was rebuilt over the summer by a team of twelve masons working from barges.</p></article></body></html>`;
    expect(parseHtml("x.html", html)).toMatchObject({ published: "2024-03-05", author: "A. Writer" });
  });

  it("gives offsets into one canonical text: sentences are exact substrings of their paragraphs", async () => {
    for (const paragraph of (await page("ferry-news.html")).sections.flatMap((s) => s.paragraphs)) {
      for (const sentence of paragraph.sentences) expect(paragraph.text.slice(sentence.start - paragraph.start, sentence.end - paragraph.start)).toBe(sentence.text);
    }
  });
});
