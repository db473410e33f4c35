/**
 * A command file that cannot be used. The bot refuses to start with a bad
 * catalog rather than run with a command silently missing.
 */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
  constructor(
    /** Stable identifier for programs and tests to match on. */
    readonly identifier: "catalog-missing" | "catalog-invalid" | "catalog-duplicate",
    message: string,
    /** The folder or file concerned. */
    readonly file: string,
    /** The field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }
}
