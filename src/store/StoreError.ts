export type StoreErrorIdentifier = "store-unreachable" | "store-url-invalid" | "store-migration-failed" | "store-file-gone";

/**
 * The database could not be used: at start-up, or (`store-file-gone`) its
 * SQLite file was deleted or replaced while the bot ran. The message names STORE_URL
 * with its password masked, never the password itself.
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    /** Stable, for logs and tests to match on. */
    readonly identifier: StoreErrorIdentifier,
    message: string,
    /** STORE_URL with the password replaced by "***". */
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
