import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CatalogError } from "../../src/commands/CatalogError.js";
import { buildCatalog, parseCommand } from "../../src/commands/loadCatalog.js";
import type { CommandDefinition } from "../../src/commands/types.js";
import { RUNS } from "./arbitraries.js";

const FIELDS = ["name", "description", "kind", "sections", "query", "public", "telegram_name", "nmae"];
const VALUES = [
  "isf",
  "ISF",
  "a-b",
  "a_b",
  "",
  "x".repeat(120),
  "topic",
  "summary",
  "ask",
  "help",
  "teach",
  "true",
  "false",
  "yes",
  "'yes'",
  "1",
  "[]",
  "[a, b]",
  "{}",
  "null",
  "~",
  '[""]',
  "&a x",
  "*a",
  "!!str",
  '"quoted"',
  "- a",
];
const line = fc
  .tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 10 })))
  .map(([field, value]) => `${field}: ${value}`);
/** A command file: YAML-like lines of known (and misspelt) fields with any values, or any text at all. */
const file = fc.oneof(
  { weight: 4, arbitrary: fc.array(line, { maxLength: 7 }).map((lines) => lines.join("\n")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

describe("the command catalog, for any command file", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("gives a command or a CatalogError naming the file", () => {
    // The yaml library warns on the process about the random tags (`!x`) it meets; that is not what this checks.
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const good: CommandDefinition[] = [];
    fc.assert(
      fc.property(file, (text) => {
        try {
          good.push(parseCommand("cmd.yaml", text));
        } catch (error) {
          expect(error).toBeInstanceOf(CatalogError);
          expect((error as CatalogError).message).toMatch(/^cmd\.yaml: /);
          expect((error as CatalogError).message).not.toMatch(/undefined|\[object Object\]/);
        }
      }),
      RUNS,
    );
    // Whatever commands came through build a catalog, or a clear refusal (duplicates, too many).
    for (let i = 0; i < good.length; i += 5) {
      try {
        buildCatalog(good.slice(i, i + 5).map((command, j) => ({ ...command, file: `cmd${i + j}.yaml` })));
      } catch (error) {
        expect(error).toBeInstanceOf(CatalogError);
      }
    }
  });

  it.each([
    ["public: 'yes'", /"public" must be true or false/],
    ["public: 1", /"public" must be true or false/],
    ["kind: 7", /"kind" must be one of/],
    ["description: [a]", /"description" /],
  ])("says what a field of the wrong type should be (%s), not that it is missing", (field, expected) => {
    const fields = { name: "name: brief", description: "description: A summary", kind: "kind: summary", public: "" };
    const key = field.split(":")[0] as keyof typeof fields;
    const error = (() => {
      try {
        parseCommand("cmd.yaml", Object.values({ ...fields, [key]: field }).join("\n"));
      } catch (caught) {
        return caught as CatalogError;
      }
      throw new Error("expected a CatalogError");
    })();
    expect(error.message).toMatch(expected);
    expect(error.message).not.toMatch(/is required/);
  });

  it("says a file that is not a mapping of fields must be one", () => {
    for (const text of ["just words", "- a\n- b", "42"]) expect(() => parseCommand("cmd.yaml", text)).toThrow(/cmd\.yaml: must be YAML fields/);
  });
});
