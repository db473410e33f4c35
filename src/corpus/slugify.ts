/**
 * Turns a heading into a stable identifier: lower case, ASCII letters and
 * digits joined by hyphens. Typographic quotes and accents are dropped so an
 * operator can type `pakistans-official-position-so-far` for
 * “Pakistan’s Official Position So Far”.
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}
