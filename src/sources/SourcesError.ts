/** A web source that cannot be fetched or a sources file that cannot be read; the rest of the corpus still loads. */
export class SourcesError extends Error {
  override readonly name = "SourcesError";
  constructor(
    /** Stable identifier for programs and tests to match on. */
    readonly identifier:
      | "sources-invalid"
      | "bad-scheme"
      | "private-address"
      | "robots-disallowed"
      | "redirect-loop"
      | "too-many-redirects"
      | "too-large"
      | "bad-content-type"
      | "http-error"
      | "timeout"
      | "network",
    message: string,
  ) {
    super(message);
  }
}
