import { createPublicKey, verify, type KeyObject } from "node:crypto";

// An Ed25519 public key is 32 raw bytes; node:crypto takes it as SPKI DER,
// which is this fixed ASN.1 header followed by those bytes.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

const keys = new Map<string, KeyObject>();

/**
 * Checks a Discord interaction request: `X-Signature-Ed25519` must be the
 * Ed25519 signature, by the application's public key, of
 * `X-Signature-Timestamp` followed by the raw body.
 *
 * @param publicKeyHex the application's public key, 64 hex characters
 * @param signatureHex the `X-Signature-Ed25519` header
 * @param timestamp the `X-Signature-Timestamp` header
 * @param rawBody the body exactly as received
 * @returns false for anything but a valid signature, including malformed input
 */
export function verifyDiscordSignature(publicKeyHex: string, signatureHex: string, timestamp: string, rawBody: Buffer | string): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex) || timestamp === "") return false;
  const key = publicKey(publicKeyHex);
  if (!key) return false;
  const message = Buffer.concat([Buffer.from(timestamp, "utf8"), typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody]);
  try {
    return verify(null, message, key, Buffer.from(signatureHex, "hex"));
  } catch {
    return false;
  }
}

function publicKey(hex: string): KeyObject | undefined {
  const cached = keys.get(hex);
  if (cached) return cached;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]), format: "der", type: "spki" });
    keys.set(hex, key);
    return key;
  } catch {
    return undefined;
  }
}
