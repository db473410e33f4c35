import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ANALYZER_VERSION } from "../index/options.js";

/** First line of a saved index file. */
interface CacheHeader {
  readonly format: "cited-index";
  readonly analyzer: string;
  readonly version: string;
  /** Bytes after the header line, and their SHA-256: a truncated or altered file is caught before parsing. */
  readonly bytes: number;
  readonly sha256: string;
}

/** Saved index files kept besides the current one, for switching back to a recent corpus quickly. */
const KEPT_FILES = 3;

const fileOf = (dir: string, version: string) => join(dir, `index-${version}.jsonl`);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The body of an index file: the saved index's lines, as bytes. */
export function encodeLines(lines: readonly string[]): Uint8Array {
  return Buffer.from(lines.join("\n"), "utf8");
}

/** The lines of an index body, each decoded only when it is reached. */
export function* decodeLines(body: Uint8Array): Generator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(10, start);
    if (end === -1) end = body.length;
    yield decoder.decode(body.subarray(start, end));
    start = end + 1;
  }
}

/**
 * Reads the saved index for `version` and checks it before anything parses
 * it: the header must name this version and analyser, and the body must
 * have the recorded length and hash.
 *
 * @returns the body, or why the file cannot be used (`missing` when there is none)
 */
export async function readCachedIndex(dir: string, version: string): Promise<{ body: Uint8Array } | { problem: string }> {
  let file: Buffer;
  try {
    file = await readFile(fileOf(dir, version));
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `unreadable: ${(error as Error).message}` };
  }
  const newline = file.indexOf(10);
  let header: Partial<CacheHeader>;
  try {
    header = JSON.parse(file.subarray(0, newline === -1 ? file.length : newline).toString("utf8")) as Partial<CacheHeader>;
  } catch {
    return { problem: "corrupt: no header" };
  }
  if (header?.format !== "cited-index" || header.analyzer !== ANALYZER_VERSION || header.version !== version) {
    return { problem: "stale: saved by another version" };
  }
  const body = newline === -1 ? new Uint8Array() : new Uint8Array(file.buffer, file.byteOffset + newline + 1, file.length - newline - 1);
  if (body.length !== header.bytes || sha256(body) !== header.sha256) return { problem: "corrupt: body does not match its header" };
  return { body };
}

/**
 * Saves an index body for `version`, atomically: written to a temporary file
 * and renamed over the old one, so a reader never sees half a file. Older
 * index files beyond the few most recent are removed.
 */
export async function writeCachedIndex(dir: string, version: string, body: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const header: CacheHeader = { format: "cited-index", analyzer: ANALYZER_VERSION, version, bytes: body.length, sha256: sha256(body) };
  const target = fileOf(dir, version);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, [Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), body]);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  await pruneCache(dir, target);
}

async function pruneCache(dir: string, keep: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => /^index-[0-9a-f]+\.jsonl$/.test(name)).map((name) => join(dir, name));
  const dated = await Promise.all(names.map(async (path) => ({ path, time: (await stat(path).catch(() => undefined))?.mtimeMs ?? 0 })));
  const old = dated
    .filter((entry) => entry.path !== keep)
    .sort((a, b) => b.time - a.time)
    .slice(KEPT_FILES - 1);
  await Promise.all(old.map((entry) => rm(entry.path, { force: true })));
}

/** Path of the saved index for `version`, for tests and tools. */
export const cachedIndexPath = fileOf;
