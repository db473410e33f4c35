/**
 * Cleans up text typed into a chat before it is analysed: Unicode NFC,
 * zero-width and bidirectional control characters removed, other control
 * characters and line breaks turned into spaces, runs of spaces collapsed.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
