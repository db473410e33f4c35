/**
 * A corpus that cannot be served at all: missing folder, or no loadable
 * document. Per-file problems are reported as {@link CorpusProblem}s instead,
 * so one bad file never takes the others down.
 */
export class CorpusError extends Error {
  override readonly name = "CorpusError";
  constructor(
    /** Stable identifier for programs and tests to match on. */
    readonly identifier: "corpus-missing" | "corpus-empty" | "synonyms-invalid",
    message: string,
    /** The folder or file concerned. */
    readonly path: string,
  ) {
    super(message);
  }
}
