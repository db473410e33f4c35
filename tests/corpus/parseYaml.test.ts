import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/loadCatalog.js";
import { parseYaml } from "../../src/corpus/parseYaml.js";
import { parseSynonyms } from "../../src/corpus/readSynonyms.js";

describe("parseYaml", () => {
  it("reads plain YAML", () => {
    expect(parseYaml("name: isf\nlist: [a, b]\n")).toEqual({ name: "isf", list: ["a", "b"] });
    expect(parseYaml("")).toBeNull();
  });

  it("refuses what the yaml package only warns about, naming the problem, and prints nothing", async () => {
    const warnings: unknown[] = [];
    const listener = (warning: unknown) => warnings.push(warning);
    process.on("warning", listener);
    try {
      expect(() => parseYaml("url: !mine https://example.org\n")).toThrow(/Unresolved tag: !mine/);
      expect(() => parseYaml("a: [1, 2\n")).toThrow(/flow sequence/i);
      // process.emitWarning reports on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    expect(warnings).toEqual([]);
  });

  it("gives each operator file's own error, naming the file", () => {
    expect(() => parseCommand("isf.yaml", "name: !x isf\n")).toThrow(/isf\.yaml: not valid YAML: Unresolved tag/);
    expect(() => parseSynonyms("- [a, !x b]\n", "synonyms.yaml")).toThrow(/synonyms\.yaml: not valid YAML: Unresolved tag/);
  });
});
