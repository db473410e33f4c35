/**
 * A request the server refuses, with the status to answer it with. Route
 * handlers throw it (or the server does, reading a body); anything else a
 * handler throws becomes a 500.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    /** HTTP status code sent back. */
    readonly status: number,
    /** Stable identifier for programs and tests to match on; also the response body's `error`. */
    readonly identifier:
      | "bad-request"
      | "invalid-json"
      | "body-too-large"
      | "unauthorized"
      | "not-found"
      | "method-not-allowed"
      | "not-answered"
      | "in-progress"
      | "busy"
      | "request-timeout",
    message: string,
  ) {
    super(message);
  }
}
