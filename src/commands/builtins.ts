import type { CommandDefinition } from "./types.js";

/**
 * The moderators' commands, and the dated views of the sources (/timeline,
 * /whatsnew, /post-whatsnew). Built in rather than shipped as catalog files so
 * that an operator's own catalog (COMMANDS_DIR) has them too; a catalog file
 * of the same kind replaces the built-in one (to rename it, say).
 */
export const BUILTIN_COMMANDS: readonly CommandDefinition[] = [
  { name: "timeline", telegramName: "timeline", kind: "timeline", description: "Dated key sentences about a topic across documents, oldest first", file: "(built-in)" },
  { name: "whatsnew", telegramName: "whatsnew", kind: "whatsnew", description: "Key sentences of documents added or changed lately (default 7 days)", file: "(built-in)" },
  {
    name: "post-whatsnew",
    telegramName: "post_whatsnew",
    kind: "whatsnew",
    public: true,
    description: "Moderators: post what is new in the sources in this channel",
    file: "(built-in)",
  },
  { name: "reload", telegramName: "reload", kind: "reload", description: "Moderators: reload the documents now", file: "(built-in)" },
  { name: "gaps", telegramName: "gaps", kind: "gaps", description: "Moderators: what people asked that the sources could not answer", file: "(built-in)" },
  { name: "teach", telegramName: "teach", kind: "teach", description: "Moderators: teach an answer to a question, cited as yours", file: "(built-in)" },
  { name: "taught", telegramName: "taught", kind: "taught", description: "Moderators: list the answers moderators taught", file: "(built-in)" },
  { name: "untaught", telegramName: "untaught", kind: "untaught", description: "Moderators: remove a taught answer by its number", file: "(built-in)" },
  { name: "pin", telegramName: "pin", kind: "pin", description: "Moderators: pin a quote of an answer as the answer to its question", file: "(built-in)" },
  { name: "admin", telegramName: "admin", kind: "admin", description: "Moderators: a one-time link to the moderators' web page", file: "(built-in)" },
  {
    name: "autoanswer",
    telegramName: "autoanswer",
    kind: "autoanswer",
    description: "Moderators: answer questions here without being asked (on, off, status)",
    file: "(built-in)",
  },
  { name: "optout", telegramName: "optout", kind: "optout", description: "Never answer my messages unasked, and keep nothing of them", file: "(built-in)" },
  { name: "optin", telegramName: "optin", kind: "optin", description: "Answer my questions unasked again where that is on", file: "(built-in)" },
];
