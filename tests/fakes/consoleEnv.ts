import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The environment of a bot process started as a fresh clone would start it:
 * no tokens, every setting at its default (the developer's own `.env` or
 * shell must not leak in), and a data folder of its own, so no database or
 * saved index of another run is read.
 */
export function consoleEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DISCORD_TOKEN: "",
    DISCORD_CLIENT_ID: "",
    TELEGRAM_BOT_TOKEN: "",
    CORPUS_DIR: "",
    COMMANDS_DIR: "",
    LOG_LEVEL: "",
    STORE_URL: "",
    PUBLIC_URL: "",
    DATA_DIR: mkdtempSync(join(tmpdir(), "cited-main-")),
    ...overrides,
  };
}
