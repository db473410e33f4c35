/**
 * Command naming rules of each platform, checked when the catalog loads so a
 * bad name fails at start-up, not when the platform rejects registration.
 */

/** Discord chat-input command names: 1–32 letters, digits, `-` or `_`, lower case. */
export const DISCORD_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
/** Discord command descriptions: 1–100 characters. */
export const DISCORD_DESCRIPTION_MAX = 100;
/** Discord allows at most 25 options per command. */
export const DISCORD_MAX_OPTIONS = 25;

/** Telegram bot command names: 1–32 lower-case letters, digits or `_`. */
export const TELEGRAM_NAME = /^[a-z0-9_]{1,32}$/;
/** Telegram command descriptions: 1–256 characters. */
export const TELEGRAM_DESCRIPTION_MAX = 256;

/**
 * Most commands one catalog may hold: Telegram's `setMyCommands` takes at most
 * 100, and Discord allows 100 slash commands per application (plus the
 * context-menu command, which has its own allowance).
 */
export const MAX_COMMANDS = 100;

/** The Telegram form of a Discord-style name: hyphens become underscores. */
export function toTelegramName(name: string): string {
  return name.replace(/-/g, "_");
}
