import { OPERATOR_COMMUNITY } from "../../usecases/types.js";
import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { readLines } from "./readLines.js";
import type { Request } from "../../pipeline/types.js";
import { renderReplyText } from "../../render/text.js";
import { whyText } from "../../render/wording.js";
import type { Answer } from "../../answer/types.js";
import { DEFAULT_AUTO_ANSWER_OPTIONS } from "../../answer/judgeMessage.js";
import type { AdapterContext, RunningAdapter } from "../types.js";
import { decodeLine } from "./decodeLine.js";

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
 * The console chat: a third adapter over the same pipeline, for trying the
 * bot without any platform token. Each line is a question or a command; the
 * person at the terminal is the operator, so a moderator. On a terminal it
 * prompts; with piped input it answers every line, in order, and closes at
 * the end of the input.
 */
export function startConsole(context: AdapterContext, options: ConsoleOptions = {}): RunningConsole {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const { pipeline, catalog, logger } = context;
  const user = { id: "console", displayName: consoleUser() };
  let lastAnswerId: string | undefined;
  let lastAnswer: Answer | undefined;

  const answer = async (line: string) => {
    // `/why` (unless the catalog has its own): how sure the last answer was; the terminal is the operator's, so it says.
    if (/^\/why\s*$/i.test(line.trim()) && !catalog.find("why")) {
      output.write(`${whyText(lastAnswer, DEFAULT_AUTO_ANSWER_OPTIONS.threshold)}\n\n`);
      return;
    }
    const request: Request = {
      platform: "console",
      user,
      chat: { id: "console", private: true },
      community: OPERATOR_COMMUNITY,
      intent: decodeLine(line, catalog, lastAnswerId),
      ...(lastAnswerId !== undefined ? { replyTo: { answerId: lastAnswerId } } : {}),
      isModerator: async () => true,
    };
    const reply = await pipeline.handle(request);
    if (reply.kind === "answer" && reply.answerId !== undefined) lastAnswerId = reply.answerId;
    if (reply.kind === "answer") lastAnswer = reply.answer;
    const text = renderReplyText(reply);
    if (text !== undefined) output.write(`${text}\n\n`);
  };

  if ((input as { isTTY?: boolean }).isTTY !== true) {
    // Piped input: the same line rules as `npm run ask`, so a stray \r or a
    // missing final newline never adds or drops an answer.
    let stopped = false;
    const closed = (async () => {
      for await (const line of readLines(input)) {
        if (stopped) break;
        await answer(line);
      }
    })().catch((error: unknown) => {
      if (!stopped) logger.error({ err: error }, "console: input failed");
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
  output.write(`Cited console chat: ${pipeline.deps.services.current.corpus.documents.length} document(s) loaded. /help for commands, Ctrl+D to quit.\n\n`);
  lines.setPrompt("> ");
  lines.prompt();
  // Lines typed while one is being answered wait their turn, so answers come in order.
  let queue = Promise.resolve();
  lines.on("line", (line) => {
    queue = queue.then(() => answer(line)).then(() => lines.prompt());
  });
  // Ctrl+C ends the chat like Ctrl+D; either way the shell's prompt starts on a fresh line.
  lines.on("SIGINT", () => lines.close());
  const closed = new Promise<void>((resolve) =>
    lines.once("close", () => {
      void queue.then(() => {
        output.write("\n");
        resolve();
      });
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

function consoleUser(): string {
  try {
    return userInfo().username || "console";
  } catch {
    return "console";
  }
}
