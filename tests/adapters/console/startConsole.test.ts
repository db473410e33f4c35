import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { respond, startConsole } from "../../../src/adapters/console/startConsole.js";
import type { BotContext } from "../../../src/adapters/types.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import { silentLogger } from "../../../src/logger.js";

let context: BotContext;
beforeAll(async () => {
  context = { service: await AnswerService.load("corpus"), catalog: await loadCatalog("commands"), logger: silentLogger() };
});

describe("console chat", () => {
  it("routes commands and questions through the same catalog and service", () => {
    expect(respond(context, "/help")).toContain("/pakistan-position");
    expect(respond(context, "/pakistan_position")).toContain(context.service.topic(context.catalog.find("pakistan-position")!).snippets[0]!.text);
    expect(respond(context, "/ask who is rubio")).toBe(respond(context, "who is rubio"));
    expect(respond(context, "/sources")).toContain(context.service.sources()[0]!.title);
    expect(respond(context, "/summary")).toMatch(/^Summary: /);
    expect(respond(context, "/summary no-such-section")).toMatch(/No section/);
    expect(respond(context, "/nope")).toMatch(/Unknown command \/nope/);
    expect(respond(context, "")).toMatch(/Ask a question/);
  });

  it("answers every piped line and closes at the end of input", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk) => (text += String(chunk)));
    const chat = startConsole(context, { input, output });
    input.end("who is rubio\n/isf\nqwertyuiop\n");
    await chat.closed;
    expect(text).toContain("Rubio");
    expect(text).toContain("The sources don't say");
    expect(text.trim().split("\n\n").length).toBeGreaterThanOrEqual(3);
  });

  it("gives piped lines the ask CLI's line rules: CRLF and a lone CR are one line each", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk) => (text += String(chunk)));
    const chat = startConsole(context, { input, output });
    input.end("/help\r\nwho is\rrubio");
    await chat.closed;
    expect(text).toBe(`${respond(context, "/help")}\n\n${respond(context, "who is\rrubio")}\n\n`);
  });

  it("stops on request while still reading piped input", async () => {
    const input = new PassThrough();
    const chat = startConsole(context, { input, output: new PassThrough() });
    input.write("who is rubio\n");
    await chat.stop();
    await chat.closed;
  });

  it("on a terminal, prompts, and Ctrl+C or Ctrl+D end the chat on a fresh line", async () => {
    for (const key of ["\x03", "\x04"]) {
      const input = Object.assign(new PassThrough(), { isTTY: true });
      const output = new PassThrough();
      let text = "";
      output.on("data", (chunk) => (text += String(chunk)));
      const chat = startConsole(context, { input, output });
      input.write("/sources\r");
      input.write(key);
      await chat.closed;
      expect(text).toMatch(/^Cited console chat/);
      expect(text).toContain("> ");
      expect(text).toContain(context.service.sources()[0]!.title);
      expect(text.endsWith("\n")).toBe(true);
    }
  });
});
