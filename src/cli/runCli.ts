import { config as loadDotenv } from "dotenv";
import { CorpusError } from "../corpus/CorpusError.js";

/**
 * Runs a command-line entry point: settings from `.env` first (without
 * overriding the environment), then `main`. Known errors print one clear
 * line, not a stack trace; the exit code is what `main` returns (1 on error).
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    loadDotenv({ quiet: true });
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof CorpusError || (error instanceof Error && (error.name === "ConfigError" || error.name === "CatalogError"))) {
      console.error(`error: ${error.message}`);
    } else if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
      return;
    } else {
      // A stack trace helps developers, not operators: show it only on request.
      console.error(process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace" ? error : `error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 1;
  }
}
