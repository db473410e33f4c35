import { EventEmitter } from "node:events";
import { createLogger, type Logger } from "../../src/logger.js";
import { waitForEvent, waitForEvents } from "./waitForEvent.js";

export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A logger whose lines a test can read and wait for, scrubbing `secrets` like the bot's own. */
export function captureLog(secrets: readonly string[] = []) {
  const lines: LogLine[] = [];
  const events = new EventEmitter();
  const logger: Logger = createLogger("debug", secrets, {
    write(text: string) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      events.emit("line", line);
    },
  });
  return {
    logger,
    lines,
    /** The first line (already logged, or to come) that matches. */
    next: (predicate: (line: LogLine) => boolean, what: string) => waitForEvent(events, "line", lines, predicate, 10_000, what),
    /** The first `count` lines that match. */
    all: (predicate: (line: LogLine) => boolean, count: number, what: string) => waitForEvents(events, "line", lines, predicate, count, 15_000, what),
  };
}
