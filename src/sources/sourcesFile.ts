import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseYaml } from "../corpus/parseYaml.js";
import { z } from "zod";
import { SourcesError } from "./SourcesError.js";

/** The file in a corpus folder that lists its web sources. */
export const SOURCES_FILE = "sources.yaml";

export type SourceKind = "page" | "sitemap" | "feed";

export interface SourceSpec {
  readonly url: string;
  /** How often to fetch it again, in milliseconds. */
  readonly everyMs: number;
  /** Detected from the content type and content when absent. */
  readonly kind?: SourceKind;
  /** Most pages taken from a sitemap. */
  readonly maxPages: number;
  /** Most bytes of documents one source may bring (all of a sitemap's or feed's pages together). */
  readonly maxBytes: number;
  /** Only a sitemap's pages whose URL starts with this, or matches it as a glob (`*`). */
  readonly include?: string;
}

export const SOURCE_DEFAULTS = {
  /** Six hours: news moves within a day, and a site is asked four times a day at most. */
  every: "6h",
  /** Enough for a documentation site or a news section, few enough to fetch politely in minutes. */
  maxPages: 200,
  /**
   * 50 MB per source, on top of the 10 MB per response: 200 sitemap pages of
   * a typical 250 KB, while a sitemap or feed of huge pages cannot fill the
   * cache and the index.
   */
  maxBytes: 50 * 1024 * 1024,
} as const;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "6h", "30m", "1d" as milliseconds. */
export function parseInterval(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]?.toLowerCase() ?? ""] : undefined;
  return match && unit ? Number(match[1]) * unit : undefined;
}

const entrySchema = z
  .object({
    url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
    every: z
      .string()
      .refine((value) => (parseInterval(value) ?? 0) >= 60_000, "must be an interval such as 30m, 6h or 1d (at least 1m)")
      .optional(),
    kind: z.enum(["page", "sitemap", "feed"]).optional(),
    max_pages: z.number().int().positive().optional(),
    max_bytes: z.number().int().positive().optional(),
    include: z.string().min(1).optional(),
  })
  .strict();

/**
 * Reads the corpus folder's `sources.yaml`: a list of `- url: …` entries.
 * @returns no sources when the file does not exist
 * @throws SourcesError `sources-invalid` naming the entry and field at fault
 */
export async function readSourcesFile(corpusDir: string): Promise<SourceSpec[]> {
  const path = join(corpusDir, SOURCES_FILE);
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new SourcesError("sources-invalid", `${path} cannot be read: ${error.code ?? error.message}`);
  });
  if (text === undefined) return [];
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? [];
  } catch (error) {
    throw new SourcesError("sources-invalid", `${path} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = z.array(entrySchema).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SourcesError(
      "sources-invalid",
      `${path}: entry ${Number(issue?.path[0] ?? 0) + 1}${issue?.path[1] ? ` "${String(issue.path[1])}"` : ""} ${issue?.message ?? "is invalid"} (expected a list of "- url: https://…" with optional every, kind, max_pages, max_bytes, include)`,
    );
  }
  return result.data.map((entry) => ({
    url: entry.url,
    everyMs: parseInterval(entry.every ?? SOURCE_DEFAULTS.every) ?? 0,
    maxPages: entry.max_pages ?? SOURCE_DEFAULTS.maxPages,
    maxBytes: entry.max_bytes ?? SOURCE_DEFAULTS.maxBytes,
    ...(entry.kind ? { kind: entry.kind } : {}),
    ...(entry.include ? { include: entry.include } : {}),
  }));
}
