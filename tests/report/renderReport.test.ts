import { describe, expect, it } from "vitest";
import { renderReport, reportJson } from "../../src/report/renderReport.js";
import type { ReportData } from "../../src/store/index.js";

const data: ReportData = {
  since: new Date("2026-01-01T00:00:00Z"),
  until: new Date("2026-01-03T12:00:00Z"),
  questions: 5,
  answered: 3,
  votes: { up: 2, down: 1 },
  perDay: [
    { day: "2026-01-01", questions: 2, answered: 1 },
    { day: "2026-01-02", questions: 0, answered: 0 },
    { day: "2026-01-03", questions: 3, answered: 2 },
  ],
  sections: [
    { documentId: "doc", sectionSlug: "intro", cited: 2, up: 2, down: 0 },
    { documentId: "doc", sectionSlug: "<script>", cited: 1, up: 0, down: 1 },
  ],
  gaps: [{ terms: ["zorblax"], count: 2, examples: ["What is a <zorblax>?", "zorblax & co"] }],
  mostDownvoted: [{ answerId: "a1", question: 'Why "this"?', down: 1, up: 0, passages: [{ documentId: "doc", sectionSlug: "intro", start: 0, end: 5 }] }],
  taught: 1,
  pins: 0,
  waiting: 4,
};

describe("renderReport", () => {
  const html = renderReport(data, { days: 3 });

  it("is one self-contained page: no script, no external resource", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b|@import|url\(|\ssrc=/i);
    expect(html.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual([
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/2000/svg",
    ]);
  });

  it("draws the five charts as inline SVG with a bar per value", () => {
    const charts = [...html.matchAll(/data-chart="([^"]+)"/g)].map((match) => match[1]);
    expect(charts).toEqual(["questions-per-day", "answered-share", "votes-per-section", "most-cited-sections", "top-gaps"]);
    const perDay = html.slice(html.indexOf('data-chart="questions-per-day"'), html.indexOf("</svg>", html.indexOf('data-chart="questions-per-day"')));
    // Two days with questions, each with an answered and a refused part.
    expect(perDay.match(/<rect/g)).toHaveLength(4);
  });

  it("escapes what people typed", () => {
    expect(html).toContain("What is a &#60;zorblax&#62;?");
    expect(html).toContain("zorblax &#38; co");
    expect(html).toContain("doc › &#60;script&#62;");
    expect(html).not.toContain("<zorblax>");
  });

  it("gives scripts the fields they read", () => {
    const json = reportJson(data, 3);
    expect(json).toMatchObject({
      questions: 5,
      answered: 3,
      votes: { up: 2, down: 1 },
      gaps: [{ terms: ["zorblax"], count: 2, examples: ["What is a <zorblax>?", "zorblax & co"] }],
      taught: 1,
      waiting: 4,
      days: 3,
    });
  });
});
