/** Thrown when a weights file does not match the features this code computes. */
export class AnswerModelError extends Error {
  readonly identifier = "answer-model-mismatch";
  constructor(
    readonly expected: readonly string[],
    readonly found: readonly string[],
  ) {
    super(`The answer model's features (${found.join(", ")}) are not the ones this version computes (${expected.join(", ")}); run npm run train.`);
    this.name = "AnswerModelError";
  }
}
