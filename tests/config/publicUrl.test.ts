import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/ConfigError.js";
import { publicUrlOf, readConfig } from "../../src/config/readConfig.js";

describe("PUBLIC_URL", () => {
  it("defaults to this machine on the port the server listens on", () => {
    expect(publicUrlOf(readConfig({}), 8080)).toBe("http://localhost:8080");
    expect(publicUrlOf(readConfig({ PORT: "9090" }), 9090)).toBe("http://localhost:9090");
  });

  it("takes an http(s) base, without its trailing slash", () => {
    expect(readConfig({ PUBLIC_URL: "https://bot.example/" }).publicUrl).toBe("https://bot.example");
    expect(publicUrlOf(readConfig({ PUBLIC_URL: "https://bot.example" }), 8080)).toBe("https://bot.example");
  });

  it("refuses anything else, naming the variable", () => {
    for (const value of ["bot.example", "ftp://bot.example", "https://bot.example/?x=1"]) {
      expect(() => readConfig({ PUBLIC_URL: value })).toThrow(ConfigError);
      expect(() => readConfig({ PUBLIC_URL: value })).toThrow(/^PUBLIC_URL must be/);
    }
  });
});
