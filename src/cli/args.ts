import { parseArgs } from "node:util";
import { readConfig } from "../config/readConfig.js";

/**
 * Parses the flags the command-line tools share. `--corpus DIR` wins over
 * the configuration's corpus (`CORPUS_DIR`, else the bundled corpus), read
 * as the bot reads it.
 */
export function parseCliArgs(argv: readonly string[], extra: Record<string, { type: "boolean" | "string"; short?: string }> = {}) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      corpus: { type: "string" },
      help: { type: "boolean", short: "h" },
      ...extra,
    },
  });
  const corpusDir = (values.corpus as string | undefined) || readConfig().corpusDir;
  return { values, positionals, corpusDir };
}
