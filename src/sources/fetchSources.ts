import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SourceFile } from "../corpus/loadCorpus.js";
import { slugify } from "../corpus/slugify.js";
import { feedItemPage, feedItems } from "./feedItems.js";
import type { FetchResult, PoliteFetcher } from "./PoliteFetcher.js";
import { SourcesError } from "./SourcesError.js";
import { readSourcesFile, type SourceKind, type SourceSpec } from "./sourcesFile.js";

/** A fetched document kept in the cache. */
interface CachedDocument {
  /** Its id in the corpus: `web/<host>/<path>.html`. */
  readonly name: string;
  readonly url: string;
  /** File in the source's cache folder. */
  readonly file: string;
  readonly sha256: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** A feed item's date, for a linked page that does not say its own. */
  readonly published?: string;
}

/** What the cache remembers of a source: its last good copy, and the last attempt. */
export interface SourceState {
  readonly url: string;
  readonly kind?: SourceKind;
  readonly etag?: string;
  readonly lastModified?: string;
  /** Last attempt (ISO), successful or not. */
  readonly fetchedAt?: string;
  /** Last successful fetch (ISO). */
  readonly succeededAt?: string;
  /** Why the last attempt failed; absent after a success. */
  readonly error?: string;
  readonly documents: readonly CachedDocument[];
}

export type FetchOutcome = "fetched" | "not-modified" | "fresh" | "failed";

export interface SourceReport {
  readonly url: string;
  readonly result: FetchOutcome;
  readonly documents: number;
  readonly changed: boolean;
  readonly error?: string;
}

const hash = (text: string | Uint8Array) => createHash("sha256").update(text).digest("hex");
const folderOf = (cacheDir: string, url: string) => join(cacheDir, "sources", hash(url).slice(0, 16));

async function readState(cacheDir: string, url: string): Promise<SourceState | undefined> {
  try {
    const state = JSON.parse(await readFile(join(folderOf(cacheDir, url), "state.json"), "utf8")) as SourceState;
    return state.url === url && Array.isArray(state.documents) ? state : undefined;
  } catch {
    // Missing or damaged: as if never fetched. Deleting the cache is always safe.
    return undefined;
  }
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** The states of a corpus's sources, in the order `sources.yaml` lists them; `undefined` for one never fetched. */
export async function sourceStates(corpusDir: string, cacheDir: string): Promise<{ spec: SourceSpec; state?: SourceState }[]> {
  const specs = await readSourcesFile(corpusDir);
  return Promise.all(specs.map(async (spec) => ({ spec, ...(await readState(cacheDir, spec.url).then((state) => (state ? { state } : {}))) })));
}

/**
 * The fetched documents of a corpus's sources, as files to add to the
 * corpus, from the last good copies in the cache.
 */
export async function fetchedFiles(corpusDir: string, cacheDir: string): Promise<{ files: SourceFile[]; neverFetched: string[] }> {
  const files: SourceFile[] = [];
  const neverFetched: string[] = [];
  for (const { spec, state } of await sourceStates(corpusDir, cacheDir)) {
    if (!state?.succeededAt) neverFetched.push(spec.url);
    for (const document of state?.documents ?? []) {
      const text = await readFile(join(folderOf(cacheDir, spec.url), document.file)).catch(() => undefined);
      if (!text) continue;
      files.push({
        name: document.name,
        text,
        url: document.url,
        ...(document.published ? { published: document.published } : {}),
        ...(state?.succeededAt ? { modified: new Date(document.lastModified ?? state.succeededAt) } : {}),
      });
    }
  }
  return { files, neverFetched };
}

function detectKind(result: Extract<FetchResult, { status: 200 }>): SourceKind {
  const type = result.contentType.toLowerCase();
  if (/pdf|html/.test(type)) return "page";
  if (/json/.test(type)) return "feed";
  const head = new TextDecoder().decode(result.body.subarray(0, 2048));
  if (/<(urlset|sitemapindex)\b/i.test(head)) return "sitemap";
  if (/<(rss|feed|rdf:RDF)\b/i.test(head)) return "feed";
  return "page";
}

/** A document's id in the corpus: stable for its URL, readable, and unique within the source. */
function documentName(url: string, extension: string, taken: Set<string>): string {
  const parsed = new URL(url);
  const base = `web/${parsed.hostname}/${slugify(`${parsed.pathname}${parsed.search}`) || "index"}`;
  let name = `${base}.${extension}`;
  if (taken.has(name)) name = `${base}-${hash(url).slice(0, 8)}.${extension}`;
  taken.add(name);
  return name;
}

const extensionOf = (contentType: string) => (/pdf/i.test(contentType) ? "pdf" : "html");

function globToPattern(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

function included(url: string, include: string | undefined): boolean {
  if (!include) return true;
  return include.includes("*") ? globToPattern(include).test(url) : url.startsWith(include);
}

interface NewDocument {
  readonly url: string;
  readonly body: Uint8Array;
  readonly extension: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly published?: string;
}

/** Fetches one page of a sitemap or feed, conditionally when a copy is kept; a page that fails keeps its copy. */
async function fetchPage(
  fetcher: PoliteFetcher,
  url: string,
  previous: Map<string, { document: CachedDocument; body?: Uint8Array }>,
  published?: string,
): Promise<NewDocument | undefined> {
  const kept = previous.get(url);
  try {
    const result = await fetcher.get(
      url,
      kept?.body
        ? { ...(kept.document.etag ? { etag: kept.document.etag } : {}), ...(kept.document.lastModified ? { lastModified: kept.document.lastModified } : {}) }
        : {},
    );
    if (result.status === 304 && kept?.body) return { ...kept.document, body: kept.body, extension: kept.document.file.split(".").pop() ?? "html" };
    if (result.status === 304) return undefined;
    return {
      url,
      body: result.body,
      extension: extensionOf(result.contentType),
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified } : {}),
      ...(published ? { published } : {}),
    };
  } catch {
    return kept?.body ? { ...kept.document, body: kept.body, extension: kept.document.file.split(".").pop() ?? "html" } : undefined;
  }
}

/**
 * A source's documents, stopped as soon as together they pass the source's
 * `max_bytes`: the source then fails and keeps its last good copy.
 */
async function documentsOf(
  spec: SourceSpec,
  result: Extract<FetchResult, { status: 200 }>,
  kind: SourceKind,
  fetcher: PoliteFetcher,
  previous: Map<string, { document: CachedDocument; body?: Uint8Array }>,
): Promise<NewDocument[]> {
  const documents: NewDocument[] = [];
  let bytes = 0;
  const keep = (document: NewDocument) => {
    bytes += document.body.byteLength;
    if (bytes > spec.maxBytes)
      throw new SourcesError(
        "too-large",
        `${spec.url}: its documents pass the source's ${spec.maxBytes}-byte limit (max_bytes) after ${documents.length} of them`,
      );
    documents.push(document);
  };
  await collectDocuments(spec, result, kind, fetcher, previous, keep);
  return documents;
}

async function collectDocuments(
  spec: SourceSpec,
  result: Extract<FetchResult, { status: 200 }>,
  kind: SourceKind,
  fetcher: PoliteFetcher,
  previous: Map<string, { document: CachedDocument; body?: Uint8Array }>,
  keep: (document: NewDocument) => void,
): Promise<void> {
  if (kind === "page") {
    keep({
      url: result.url,
      body: result.body,
      extension: extensionOf(result.contentType),
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified } : {}),
    });
    return;
  }
  const text = new TextDecoder().decode(result.body);
  if (kind === "feed") {
    for (const item of feedItems(text, /json/i.test(result.contentType) || text.trimStart().startsWith("{"))) {
      if (item.content !== undefined) {
        keep({
          url: item.link ?? `${result.url}#${hash(item.title).slice(0, 8)}`,
          body: new TextEncoder().encode(feedItemPage({ ...item, content: item.content })),
          extension: "html",
          ...(item.published ? { published: item.published } : {}),
        });
      } else if (item.link) {
        const page = await fetchPage(fetcher, new URL(item.link, result.url).href, previous, item.published);
        if (page) keep(page);
      }
    }
    return;
  }
  let locations = [...text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((match) => match[1]?.replace(/&amp;/g, "&") ?? "");
  if (/<sitemapindex\b/i.test(text)) {
    // A sitemap of sitemaps: one level down, each read the same way.
    const nested: string[] = [];
    for (const sitemap of locations) {
      const inner = await fetcher.get(sitemap).catch(() => undefined);
      if (inner?.status === 200)
        nested.push(
          ...[...new TextDecoder().decode(inner.body).matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((match) => match[1]?.replace(/&amp;/g, "&") ?? ""),
        );
    }
    locations = nested;
  }
  for (const url of locations.filter((location) => location !== "" && included(location, spec.include)).slice(0, spec.maxPages)) {
    const page = await fetchPage(fetcher, url, previous);
    if (page) keep(page);
  }
}

/**
 * Fetches one source and keeps what it got in the cache. A source fetched
 * within its interval is left alone unless `force`; a 304 changes nothing;
 * a failure keeps the last good copy and records the error.
 */
export async function fetchSource(
  spec: SourceSpec,
  cacheDir: string,
  fetcher: PoliteFetcher,
  options: { force?: boolean; now?: Date } = {},
): Promise<SourceReport> {
  const now = options.now ?? new Date();
  const folder = folderOf(cacheDir, spec.url);
  const state = (await readState(cacheDir, spec.url)) ?? { url: spec.url, documents: [] };
  if (!options.force && state.succeededAt && !state.error && now.getTime() - Date.parse(state.fetchedAt ?? state.succeededAt) < spec.everyMs) {
    return { url: spec.url, result: "fresh", documents: state.documents.length, changed: false };
  }
  await mkdir(folder, { recursive: true });
  const previous = new Map<string, { document: CachedDocument; body?: Uint8Array }>();
  for (const document of state.documents) previous.set(document.url, { document, body: await readFile(join(folder, document.file)).catch(() => undefined) });
  try {
    const hasCopy = state.succeededAt !== undefined && [...previous.values()].every((entry) => entry.body !== undefined);
    const result = await fetcher.get(
      spec.url,
      hasCopy ? { ...(state.etag ? { etag: state.etag } : {}), ...(state.lastModified ? { lastModified: state.lastModified } : {}) } : {},
    );
    if (result.status === 304) {
      await writeAtomically(
        join(folder, "state.json"),
        JSON.stringify({ ...state, fetchedAt: now.toISOString(), succeededAt: now.toISOString(), error: undefined }),
      );
      return { url: spec.url, result: "not-modified", documents: state.documents.length, changed: false };
    }
    const kind = spec.kind ?? detectKind(result);
    const found = await documentsOf(spec, result, kind, fetcher, previous);
    const taken = new Set<string>();
    const documents: CachedDocument[] = [];
    for (const document of found) {
      const sha256 = hash(document.body);
      const file = `${sha256.slice(0, 16)}.${document.extension}`;
      await writeAtomically(join(folder, file), document.body);
      documents.push({
        name: documentName(document.url, document.extension, taken),
        url: document.url,
        file,
        sha256,
        ...(document.etag ? { etag: document.etag } : {}),
        ...(document.lastModified ? { lastModified: document.lastModified } : {}),
        ...(document.published ? { published: document.published } : {}),
      });
    }
    const fingerprint = (list: readonly CachedDocument[]) => JSON.stringify(list.map((d) => [d.name, d.sha256, d.published ?? ""]).sort());
    const changed = fingerprint(documents) !== fingerprint(state.documents);
    const next: SourceState = {
      url: spec.url,
      kind,
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified } : {}),
      fetchedAt: now.toISOString(),
      succeededAt: now.toISOString(),
      documents,
    };
    await writeAtomically(join(folder, "state.json"), JSON.stringify(next));
    const kept = new Set([...documents.map((d) => d.file), "state.json"]);
    for (const old of state.documents) if (!kept.has(old.file)) await rm(join(folder, old.file), { force: true });
    return { url: spec.url, result: "fetched", documents: documents.length, changed };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAtomically(join(folder, "state.json"), JSON.stringify({ ...state, fetchedAt: now.toISOString(), error: message }));
    return { url: spec.url, result: "failed", documents: state.documents.length, changed: false, error: message };
  }
}

/** Fetches every source of a corpus, one after another (the fetcher keeps each host's pace). */
export async function fetchSources(
  corpusDir: string,
  cacheDir: string,
  fetcher: PoliteFetcher,
  options: { force?: boolean; now?: Date } = {},
): Promise<SourceReport[]> {
  const reports: SourceReport[] = [];
  for (const spec of await readSourcesFile(corpusDir)) reports.push(await fetchSource(spec, cacheDir, fetcher, options));
  return reports;
}
