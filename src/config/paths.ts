import { fileURLToPath } from "node:url";

/** The corpus shipped with the bot, used when neither --corpus nor CORPUS_DIR is given. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL("../../corpus", import.meta.url));

/** The command catalog shipped with the bot, used when COMMANDS_DIR is not set. */
export const DEFAULT_COMMANDS_DIR = fileURLToPath(new URL("../../commands", import.meta.url));
