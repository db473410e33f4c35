import type { Readable } from "node:stream";

/**
 * Reads a stream as lines, for "one question per line" input.
 *
 * Unlike `node:readline`, only `\n` ends a line (a trailing `\r` is dropped,
 * so CRLF files work), because readline also breaks at a lone `\r` and one
 * input line would then get two answers. A last line without a newline still
 * counts; a byte order mark at the start is dropped; bytes that are not UTF-8
 * become U+FFFD rather than an error.
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  input.setEncoding("utf8");
  let pending = "";
  let first = true;
  const clean = (line: string) => {
    const text = first && line.startsWith("\uFEFF") ? line.slice(1) : line;
    first = false;
    return text.endsWith("\r") ? text.slice(0, -1) : text;
  };
  for await (const chunk of input as AsyncIterable<string>) {
    // What is pending holds no newline, so only the new chunk is searched: a
    // very long line arriving in many chunks stays linear.
    let newline = chunk.indexOf("\n");
    if (newline === -1) {
      pending += chunk;
      continue;
    }
    const text = pending + chunk;
    let start = 0;
    newline += pending.length;
    while (newline !== -1) {
      yield clean(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    pending = text.slice(start);
  }
  if (pending !== "") yield clean(pending);
}
