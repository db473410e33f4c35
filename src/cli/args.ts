import { parseArgs } from "node:util";
import { DEFAULT_CORPUS_DIR } from "../config/paths.js";

/**
 * Parses the flags the command-line tools share. `--corpus DIR` wins over
 * `CORPUS_DIR`, which wins over the bundled corpus.
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
  // An empty variable (as copied from .env.example) means "not set".
  const corpusDir = (values.corpus as string | undefined) || process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR;
  return { values, positionals, corpusDir };
}
