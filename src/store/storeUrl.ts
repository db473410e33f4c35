import { isAbsolute, resolve } from "node:path";
import { StoreError } from "./StoreError.js";

export type StoreLocation = { dialect: "sqlite"; file: string; masked: string } | { dialect: "postgres"; connectionString: string; masked: string };

/** The database file in the data folder, when STORE_URL is not set. */
export const DEFAULT_STORE_FILE = "cited.db";

const EXPECTED = "expected sqlite:PATH (such as sqlite:data/cited.db) or postgres://user:password@host:5432/database";

/**
 * Reads STORE_URL, the one parser the configuration check and the store both
 * use, so they cannot disagree:
 * - `sqlite:PATH`, `sqlite://PATH`: PATH relative to `baseDir` (the working
 *   folder), so `sqlite://data/x.db` is `./data/x.db`, as `sqlite:data/x.db`;
 * - `sqlite:/abs/x.db`, `sqlite:///abs/x.db`: an absolute path;
 * - `sqlite::memory:`: a database that lives as long as the process;
 * - `postgres://user:pass@host:port/db` (also `postgresql://`): host and
 *   database name both required, as the store needs them.
 *
 * @throws StoreError `store-url-invalid`, whose message shows the URL without its password
 */
export function parseStoreUrl(url: string, baseDir: string = process.cwd()): StoreLocation {
  const masked = maskStoreUrl(url);
  if (url.startsWith("sqlite:")) {
    // "sqlite://" is the authority form other tools write: what follows it is the path, relative unless it starts with "/".
    const path = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (path === "") throw new StoreError("store-url-invalid", `STORE_URL=${masked} names no file; ${EXPECTED}`, masked);
    if (path === ":memory:") return { dialect: "sqlite", file: path, masked };
    return { dialect: "sqlite", file: isAbsolute(path) ? path : resolve(baseDir, path), masked };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    if (!URL.canParse(url)) throw new StoreError("store-url-invalid", `STORE_URL=${masked} is not a valid URL; ${EXPECTED}`, masked);
    const parsed = new URL(url);
    if (!parsed.hostname || parsed.pathname.length <= 1) {
      throw new StoreError("store-url-invalid", `STORE_URL=${masked} needs a host and a database name: postgres://user:password@host:5432/database`, masked);
    }
    return { dialect: "postgres", connectionString: url, masked };
  }
  throw new StoreError("store-url-invalid", `STORE_URL=${masked} is not supported; ${EXPECTED}`, masked);
}

/**
 * Every password a STORE_URL carries, as written and decoded: the userinfo
 * one and `?password=` (which the PostgreSQL driver also reads), for the
 * logger to scrub.
 */
export function storeUrlSecrets(url: string): string[] {
  const found: string[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:(.*)@[^@]*$/i.exec(url)?.[1];
  if (userinfo) found.push(userinfo);
  for (const match of url.matchAll(/[?&]password=([^&#]*)/gi)) if (match[1]) found.push(match[1]);
  return [...new Set(found.flatMap((secret) => [secret, safeDecode(secret)]).filter((secret) => secret !== ""))];
}

/** The URL with its passwords (userinfo and `?password=`) replaced by "***", for messages and logs. */
export function maskStoreUrl(url: string): string {
  return (
    url
      // Up to the last "@", so a password with a raw "@" in it is masked whole.
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@(?=[^@]*$)/i, "$1***@")
      .replace(/([?&]password=)[^&#]*/gi, "$1***")
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
