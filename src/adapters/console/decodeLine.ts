import type { CommandCatalog } from "../../commands/types.js";
import type { Intent } from "../../pipeline/types.js";

/**
 * Reads one console line as a request's intent: `/command args`, `/good` and
 * `/bad` (a vote on the last answer), or a question. `/start` is `/help`,
 * as on Telegram.
 */
export function decodeLine(line: string, catalog: CommandCatalog, lastAnswerId: string | undefined): Intent {
  const trimmed = line.trim();
  const match = /^\/([\w-]+)(?:@\S+)?\s*([\s\S]*)$/u.exec(trimmed);
  if (!match) return { kind: "question", text: trimmed };
  const name = (match[1] ?? "").toLowerCase();
  const text = match[2] ?? "";
  if ((name === "good" || name === "bad") && !catalog.find(name)) {
    // With no answer yet, the vote goes to no answer and is refused as such.
    return { kind: "vote", answerId: lastAnswerId ?? "", value: name === "good" ? 1 : -1 };
  }
  const command = catalog.find(name) ?? (name === "start" ? catalog.ofKind("help") : undefined);
  if (!command) return { kind: "unknown-command", name };
  return { kind: "command", command, text };
}
