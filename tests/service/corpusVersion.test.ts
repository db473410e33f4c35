import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWER_SERVICE_OPTIONS } from "../../src/answer/AnswerService.js";
import { corpusVersion, type VersionInput } from "../../src/service/corpusVersion.js";

const base: VersionInput = {
  files: [
    { name: "a.md", text: "# A\n\nText." },
    { name: "b.txt", text: new TextEncoder().encode("B text.") },
  ],
  synonyms: [["US", "United States"]],
  extraFiles: [],
  options: DEFAULT_ANSWER_SERVICE_OPTIONS,
};

describe("corpusVersion", () => {
  it("is the same for the same content, whatever the file order", () => {
    expect(corpusVersion({ ...base, files: [...base.files].reverse() })).toBe(corpusVersion(base));
    expect(corpusVersion(base)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ["a byte of a file", { files: [{ name: "a.md", text: "# A\n\nText!" }, base.files[1]!] }],
    ["a file name", { files: [{ name: "c.md", text: "# A\n\nText." }, base.files[1]!] }],
    ["the synonyms", { synonyms: [["US", "USA"]] }],
    ["an in-memory file", { extraFiles: [{ name: "taught.md", text: "Taught." }] }],
    ["an option", { options: { ...DEFAULT_ANSWER_SERVICE_OPTIONS, maxSnippets: 2 } }],
  ])("changes with %s", (_, change) => {
    expect(corpusVersion({ ...base, ...change })).not.toBe(corpusVersion(base));
  });

  it("tells a folder file from an in-memory file of the same content", () => {
    const file = { name: "x.md", text: "X." };
    expect(corpusVersion({ ...base, files: [...base.files, file] })).not.toBe(corpusVersion({ ...base, extraFiles: [file] }));
  });
});
