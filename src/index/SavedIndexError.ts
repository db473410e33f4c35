/**
 * A saved index that cannot be used: unreadable, from another version, or
 * not the shape it should be. Whoever loads it rebuilds the index instead.
 */
export class SavedIndexError extends Error {
  override readonly name = "SavedIndexError";
  constructor(
    /** Stable identifier for programs and tests to match on. */
    readonly identifier: "saved-index-stale" | "saved-index-corrupt",
    message: string,
    /** Which part of the saved index was wrong. */
    readonly part: string,
  ) {
    super(message);
  }
}
