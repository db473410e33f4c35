import { config as loadDotenv } from "dotenv";
import { CorpusError } from "../corpus/CorpusError.js";
import { inspect } from "node:util";
import { rememberSecrets, scrub, scrubbedMessage, secretsInEnvironment } from "../scrub.js";

/**
 * Runs a command-line entry point: settings from `.env` first (without
 * overriding the environment), then `main`. Known errors print one clear
 * line, not a stack trace, and every error printed is scrubbed of secrets
 * (a library's error may name a request URL with the bot token); the exit code is what `main` returns (1 on error,
 * 2 with `usage` for flags it does not know).
 */
export async function runCli(main: () => Promise<number>, usage?: string): Promise<void> {
  endQuietlyOnClosedOutput();
  try {
    loadDotenv({ quiet: true });
    rememberSecrets(secretsInEnvironment());
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof CorpusError || (error instanceof Error && ["ConfigError", "CatalogError", "StoreError", "ServiceError"].includes(error.name))) {
      console.error(`error: ${scrub(error.message)}`);
    } else if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`error: ${scrub(error.message)}`);
      if (usage) console.error(usage);
      process.exitCode = 2;
      return;
    } else {
      // A stack trace helps developers, not operators: show it only on request.
      const debug = process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace";
      console.error(debug && error instanceof Error ? scrub(inspect(error)) : `error: ${scrubbedMessage(error)}`);
    }
    process.exitCode = 1;
  }
}

/**
 * A reader that stops early (`npm run ask … | head -1`) closes the pipe;
 * that ends the program quietly, as for other command-line tools, instead of
 * an EPIPE stack trace.
 */
function endQuietlyOnClosedOutput(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
}
