/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Shortens text to at most `max` characters, at a word boundary when one is
 * near, ending with "…".
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const space = room.lastIndexOf(" ");
  return `${(space > max * 0.6 ? room.slice(0, space) : room).trimEnd()}…`;
}
