import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLines } from "../../../src/adapters/console/readLines.js";

async function lines(...chunks: Array<string | Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c))))) out.push(line);
  return out;
}

describe("readLines", () => {
  it("gives one line per \\n, empty lines included, and a last line without a newline", async () => {
    expect(await lines("a\n\nb\nc")).toEqual(["a", "", "b", "c"]);
    expect(await lines("a\n")).toEqual(["a"]);
    expect(await lines("")).toEqual([]);
    expect(await lines("\n")).toEqual([""]);
  });

  it("drops the \\r of CRLF but keeps a lone \\r inside its line", async () => {
    expect(await lines("a\r\n\r\nb\r\n")).toEqual(["a", "", "b"]);
    expect(await lines("a\rb\n")).toEqual(["a\rb"]);
  });

  it("joins lines and characters split across chunks", async () => {
    const euro = Buffer.from("€");
    expect(await lines("wh", "at\nis", " ", Buffer.concat([Buffer.from("x"), euro.subarray(0, 1)]), euro.subarray(1), "\nend")).toEqual([
      "what",
      "is x€",
      "end",
    ]);
  });

  it("drops a byte order mark and turns invalid UTF-8 into U+FFFD", async () => {
    expect(await lines(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xff, 0x62]))).toEqual(["a", "\uFFFDb"]);
  });

  it("copes with a very long line", async () => {
    const long = "x".repeat(200_000);
    expect(await lines(long.slice(0, 70_000), long.slice(70_000), "\nshort")).toEqual([long, "short"]);
  });
});
