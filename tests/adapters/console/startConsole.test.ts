import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { startConsole } from "../../../src/adapters/console/startConsole.js";
import type { AdapterContext } from "../../../src/adapters/types.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { adapterContext } from "../../fakes/adapterContext.js";

let context: AdapterContext;
let service: AnswerService;
let catalog: CommandCatalog;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
  context = adapterContext(service, catalog);
});

/** The console's whole output for the given piped input. */
async function respond(lines: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk) => (text += String(chunk)));
  const chat = startConsole(context, { input, output });
  input.end(lines);
  await chat.closed;
  return text;
}

describe("console chat", () => {
  it("routes commands and questions through the same catalog and service", async () => {
    expect(await respond("/help")).toContain("/pakistan-position");
    expect(await respond("/pakistan_position")).toContain(service.topic(catalog.find("pakistan-position")!).snippets[0]!.text);
    expect(await respond("/ask who is rubio")).toBe(await respond("who is rubio"));
    expect(await respond("/sources")).toContain(service.sources()[0]!.title);
    expect(await respond("/summary")).toMatch(/^Summary: /);
    expect(await respond("/summary no-such-section")).toMatch(/No section/);
    expect(await respond("/nope")).toMatch(/Unknown command \/nope/);
    expect(await respond("\n")).toMatch(/Ask a question/);
  });

  it("says on /why how sure the last answer was, in the confidence the service gave it, and nothing when there was none", async () => {
    const question = "what did rubio say about pakistan?";
    const asked = service.ask(question);
    expect(asked.answered).toBe(true);
    const confidence = asked.answered ? asked.confidence! : 0;
    const text = await respond(`${question}\n/why`);
    expect(text).toContain(`Confidence that the first quote answers "${question}": ${confidence.toFixed(2)} of 1`);
    expect(await respond("/why")).toMatch(/^Ask something first/);
    const refused = await respond("who won the 1998 world cup\n/why");
    expect(refused).toMatch(/No answer to "who won the 1998 world cup" \([a-z-]+\), so no confidence to report/);
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
    expect(text).toContain("The sources don't mention “qwertyuiop”");
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
    expect(text).toBe(`${await respond("/help")}${await respond("who is\rrubio")}`);
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
      expect(text).toContain(service.sources()[0]!.title);
      expect(text.endsWith("\n")).toBe(true);
    }
  });
});
