import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { CatalogError } from "../../src/commands/CatalogError.js";
import { checkTopics } from "../../src/service/checkTopics.js";
import { buildCatalog, loadCatalog, parseCommand } from "../../src/commands/loadCatalog.js";
import { DISCORD_NAME, TELEGRAM_NAME } from "../../src/commands/platformRules.js";

describe("the shipped catalog", () => {
  it("has the required commands, valid on both platforms", async () => {
    const catalog = await loadCatalog("commands");
    const names = catalog.commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["ask", "isf", "pakistan-position", "us-position", "hamas-disarmament", "munir", "domestic-backlash", "outlook", "summary", "post-summary", "sources", "help"]));
    expect(catalog.find("pakistan-position")?.telegramName).toBe("pakistan_position");
    expect(catalog.find("pakistan_position")?.name).toBe("pakistan-position");
    for (const command of catalog.commands) {
      expect(command.name).toMatch(DISCORD_NAME);
      expect(command.telegramName).toMatch(TELEGRAM_NAME);
      expect(command.description.length).toBeLessThanOrEqual(100);
    }
    checkTopics(catalog, await AnswerService.load("corpus"));
  });
});

describe("bad command files", () => {
  it("tells a wrong value from a missing field: public: 'yes' must be true or false, a missing description is required", () => {
    expect(() => parseCommand("s.yaml", "name: s\ndescription: d\nkind: summary\npublic: 'yes'")).toThrow('s.yaml: "public" must be true or false');
    expect(() => parseCommand("m.yaml", "name: m\nkind: help")).toThrow('m.yaml: "description" is required');
  });

  it.each([
    ["upper-case name", "name: Isf\ndescription: d\nkind: help", "name"],
    ["name with a space", "name: my topic\ndescription: d\nkind: help", "name"],
    ["33-character name", `name: ${"a".repeat(33)}\ndescription: d\nkind: help`, "name"],
    ["missing description", "name: x\nkind: help", "description"],
    ["unknown kind", "name: x\ndescription: d\nkind: poll", "kind"],
    ["topic without sections", "name: x\ndescription: d\nkind: topic", "sections"],
    ["unknown field", "name: x\ndescription: d\nkind: help\ncolour: red", "colour"],
    ["name Telegram cannot take", "name: café\ndescription: d\nkind: help", "name"],
  ])("rejects a %s, naming the file and field", (_name, text, field) => {
    let error: unknown;
    try {
      parseCommand("bad.yaml", text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).field).toBe(field);
    expect((error as CatalogError).message).toMatch(/^bad\.yaml: /);
  });

  it("rejects duplicate names across files", () => {
    const a = parseCommand("a.yaml", "name: my-topic\ndescription: d\nkind: help");
    const b = parseCommand("b.yaml", "name: my_topic\ndescription: d\nkind: help");
    expect(() => buildCatalog([a, b])).toThrow(/b\.yaml.*my_topic.*a\.yaml/);
  });

  it("refuses more commands than the platforms accept", () => {
    const commands = Array.from({ length: 101 }, (_, i) => parseCommand(`c${i}.yaml`, `name: c${i}\ndescription: d\nkind: help`));
    expect(() => buildCatalog(commands)).toThrow(/101 command files.*at most 100/);
    expect(() => buildCatalog(commands.slice(0, 100))).not.toThrow();
  });

  it("rejects a topic whose section is not in the corpus", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cited-commands-"));
    await writeFile(join(dir, "ghost.yaml"), "name: ghost\ndescription: d\nkind: topic\nsections: [No Such Section]");
    const catalog = await loadCatalog(dir);
    expect(() => checkTopics(catalog, new AnswerService({ documents: [], problems: [], synonyms: [] }))).toThrow(/ghost\.yaml.*No Such Section/);
  });

  it("refuses an empty folder", async () => {
    await expect(loadCatalog(await mkdtemp(join(tmpdir(), "cited-empty-")))).rejects.toMatchObject({ identifier: "catalog-missing" });
  });
});
