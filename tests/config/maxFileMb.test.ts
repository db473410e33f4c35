import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/ConfigError.js";
import { readConfig } from "../../src/config/readConfig.js";

describe("MAX_FILE_MB", () => {
  it("is unset by default (the corpus's own limit applies) and read as a whole number of MiB", () => {
    expect(readConfig({}).maxFileMb).toBeUndefined();
    expect(readConfig({ MAX_FILE_MB: "200" }).maxFileMb).toBe(200);
  });

  it.each(["0", "-1", "1.5", "lots"])("refuses %s, naming the variable", (value) => {
    expect(() => readConfig({ MAX_FILE_MB: value })).toThrow(ConfigError);
    expect(() => readConfig({ MAX_FILE_MB: value })).toThrow(/MAX_FILE_MB/);
  });
});
