/**
 * A setting that is missing or malformed. The message names the variable and
 * says what is expected; it never contains the value, which may be a secret.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    /** The environment variable at fault. */
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}
