import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseDocx } from "../../../src/corpus/formats/docx.js";

describe("parseDocx on a document pandoc wrote", () => {
  it("makes headings sections and takes title, author and date from their styles", async () => {
    const document = await parseDocx("handbook.docx", await readFile("tests/fixtures/formats/handbook.docx"));
    expect(document).toMatchObject({ title: "Volunteer Handbook", author: "Harbour Rowing Club", published: "2025-10-02" });
    expect(document.sections.map((s) => s.heading)).toEqual(["Volunteer Handbook", "Safety on the water", "Cold water", "Equipment"]);
    const cold = document.sections.find((s) => s.heading === "Cold water");
    expect(cold?.paragraphs[0]?.text).toBe("From November to March, crews stay within 500 metres of the boathouse and wear a buoyancy aid at all times.");
  });
});
