import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { readLines } from "./readLines.js";
import { renderAnswerText, renderHelpText, renderSourcesText, renderSummaryText } from "../../render/text.js";
import type { BotContext, RunningAdapter } from "../types.js";

export interface ConsoleOptions {
  /** @default process.stdin */
  readonly input?: Readable;
  /** @default process.stdout */
  readonly output?: Writable;
}

export interface RunningConsole extends RunningAdapter {
  /** Settles when the input ends or the console is stopped. */
  readonly closed: Promise<void>;
}

/**
 * The console chat: a third adapter over the same answer service, for trying
 * the bot without any platform token. Each line is a question or a command
 * (`/help`, `/ask …`, topic commands, `/summary [section]`, `/sources`).
 * On a terminal it prompts; with piped input it answers every line and
 * closes at the end of the input.
 */
export function startConsole(context: BotContext, options: ConsoleOptions = {}): RunningConsole {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const write = (text: string) => output.write(`${text}\n\n`);
  const answer = (line: string) => {
    try {
      write(respond(context, line));
    } catch (error) {
      context.logger.error({ err: error }, "console: failed to answer");
      write("Sorry, something went wrong answering that.");
    }
  };

  if ((input as { isTTY?: boolean }).isTTY !== true) {
    // Piped input: the same line rules as `npm run ask`, so a stray \r or a
    // missing final newline never adds or drops an answer.
    let stopped = false;
    const closed = (async () => {
      for await (const line of readLines(input)) {
        if (stopped) break;
        answer(line);
      }
    })().catch((error: unknown) => {
      if (!stopped) context.logger.error({ err: error }, "console: input failed");
    });
    return {
      name: "console",
      closed,
      async stop() {
        stopped = true;
        input.destroy();
        await closed;
      },
    };
  }

  const lines = createInterface({ input, output, terminal: true });
  write(`Cited console chat: ${context.service.corpus.documents.length} document(s) loaded. /help for commands, Ctrl+D to quit.`);
  lines.setPrompt("> ");
  lines.prompt();
  lines.on("line", (line) => {
    answer(line);
    lines.prompt();
  });
  // Ctrl+C ends the chat like Ctrl+D; either way the shell's prompt starts on a fresh line.
  lines.on("SIGINT", () => lines.close());
  const closed = new Promise<void>((resolve) =>
    lines.once("close", () => {
      output.write("\n");
      resolve();
    }),
  );
  return {
    name: "console",
    closed,
    async stop() {
      lines.close();
      await closed;
    },
  };
}

/** The console's reply to one line of input. */
export function respond(context: BotContext, line: string): string {
  const { service, catalog } = context;
  const trimmed = line.trim();
  const match = /^\/([\w-]+)(?:@\S+)?\s*([\s\S]*)$/u.exec(trimmed);
  if (!match) return renderAnswerText(service.ask(trimmed));
  const name = match[1] ?? "";
  const rest = match[2] ?? "";
  const command = catalog.find(name);
  if (!command) {
    if (name === "start") return renderHelpText(catalog);
    return `Unknown command /${name}. Type /help for the list of commands.`;
  }
  switch (command.kind) {
    case "ask":
      return renderAnswerText(service.ask(rest));
    case "topic":
      return renderAnswerText(service.topic(command));
    case "summary":
      return renderSummaryText(service.summarize(rest.trim() === "" ? {} : { section: rest.trim() }));
    case "sources":
      return renderSourcesText(service.sources());
    case "help":
      return renderHelpText(catalog);
  }
}
