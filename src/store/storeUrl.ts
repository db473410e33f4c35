import { resolve } from "node:path";
import { StoreError } from "./StoreError.js";

export type StoreLocation =
  | { dialect: "sqlite"; file: string; masked: string }
  | { dialect: "postgres"; connectionString: string; masked: string };

/** The default STORE_URL: a SQLite file in the git-ignored data folder. */
export const DEFAULT_STORE_URL = "sqlite:data/cited.db";

/**
 * Reads STORE_URL: `sqlite:PATH` (relative to the working folder, or
 * `sqlite::memory:`) or `postgres://user:pass@host:port/db` (also
 * `postgresql://`).
 */
export function parseStoreUrl(url: string): StoreLocation {
  const masked = maskStoreUrl(url);
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "") throw new StoreError("store-url-invalid", `STORE_URL=${masked} names no file; expected sqlite:PATH, e.g. sqlite:data/cited.db`, masked);
    return { dialect: "sqlite", file: path === ":memory:" ? path : resolve(path), masked };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StoreError("store-url-invalid", `STORE_URL=${masked} is not a valid URL; expected postgres://user:pass@host:port/db`, masked);
    }
    if (!parsed.hostname || parsed.pathname.length <= 1) {
      throw new StoreError("store-url-invalid", `STORE_URL=${masked} needs a host and a database name: postgres://user:pass@host:port/db`, masked);
    }
    return { dialect: "postgres", connectionString: url, masked };
  }
  throw new StoreError("store-url-invalid", `STORE_URL=${masked} is not supported; expected sqlite:PATH or postgres://user:pass@host:port/db`, masked);
}

/** The URL with its password replaced by "***", for messages and logs. */
export function maskStoreUrl(url: string): string {
  // Up to the last "@", so a password with a raw "@" in it is masked whole.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@(?=[^@]*$)/i, "$1***@");
}
