/** The living service could not do what was asked: its index worker failed, or it was closed. */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    /** Stable identifier for programs and tests to match on. */
    readonly identifier: "worker-failed" | "service-closed",
    message: string,
    /** The corpus folder concerned. */
    readonly corpusDir: string,
  ) {
    super(message);
  }
}
