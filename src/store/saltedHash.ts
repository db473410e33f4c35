import { createHmac } from "node:crypto";

/**
 * HMAC-SHA-256 of `value` under the store's salt, as hex: the only form in
 * which user ids, and message keys that can hold one (a Telegram private
 * chat's id is its user's id), are stored.
 */
export function saltedHash(salt: string, value: string): string {
  return createHmac("sha256", salt).update(value).digest("hex");
}

/** How a message key (`telegram:<chat>:<message>`) is stored. */
export function hashMessageKey(salt: string, messageKey: string): string {
  return saltedHash(salt, `message:${messageKey}`);
}
