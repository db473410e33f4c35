import { randomBytes } from "node:crypto";

/**
 * A new answer id: 12 URL-safe characters (72 random bits), short enough for
 * Telegram's 64-byte callback_data next to a verb, and safe to guess against.
 */
export function newAnswerId(): string {
  return randomBytes(9).toString("base64url");
}
