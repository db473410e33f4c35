/**
 * A write whose loss someone must hear of (teaching, pinning, recording an
 * answer) was not stored: the database cannot be reached or cannot write
 * (read-only, full disk, its file deleted).
 */
export class StoreWriteError extends Error {
  override readonly name = "StoreWriteError";
  /** Stable, for logs, replies and tests to match on. */
  readonly identifier = "store-cannot-write";
  constructor(
    /** The store operation refused, such as "addTaught". */
    readonly operation: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`store cannot write: ${operation} not done (${reason})`, options);
  }
}
