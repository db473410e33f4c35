import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { CorpusError } from "./CorpusError.js";
import { FileTooBig } from "./FileTooBig.js";
import { isoDate } from "./formats/canonicalText.js";
import { decodeText, isExtractedDocument, isDocumentFile, parseExtractedFile, parseTextFile } from "./formats/parseFile.js";
import { DEFAULT_CORPUS_LIMITS, type CorpusLimits } from "./limits.js";
import { readSynonyms, SYNONYMS_FILE } from "./readSynonyms.js";
import { parseTaughtDocument, TAUGHT_EXTENSION } from "./taughtDocument.js";
import type { Corpus, CorpusDocument, CorpusProblem } from "./types.js";

/** A document's source text, for loading corpora that do not live on disk. */
export interface SourceFile {
  /** Name relative to the corpus, e.g. `article.md`; its extension picks the format. */
  readonly name: string;
  /** The text, or the file's bytes (UTF-8 for the text formats). */
  readonly text: string | Uint8Array;
  /** When the file was last modified: a document's date when nothing in it says when it was published. */
  readonly modified?: Date;
  /** The address a fetched document came from: its source unless it names its own. */
  readonly url?: string;
  /** A date from where the file came from (a feed item's), used when the document gives none. */
  readonly published?: string;
}

/** Files read at once: enough to keep the disk and libuv's threads busy, few enough to stay far from file-handle limits. */
const READS_IN_FLIGHT = 32;

/**
 * Builds a corpus from in-memory files. Malformed files become problems that
 * name the file; the rest still load.
 *
 * @throws CorpusError `corpus-empty` when no document could be loaded
 */
export function buildCorpus(
  files: readonly SourceFile[],
  synonyms: readonly (readonly string[])[] = [],
  where = "corpus",
  /** Files that could not even be read, reported with the others. */
  unreadable: readonly CorpusProblem[] = [],
  limits: CorpusLimits = {},
  /** Documents of the extracted formats (HTML, PDF, DOCX), parsed beforehand by {@link parseCorpus} (their parsers are asynchronous). */
  parsed: ReadonlyMap<string, CorpusDocument | Error> = new Map(),
): Corpus {
  const documents: CorpusDocument[] = [];
  const problems: CorpusProblem[] = [...unreadable];
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const taught = file.name.endsWith(TAUGHT_EXTENSION);
    if (!taught && !isDocumentFile(file.name)) continue;
    try {
      const warn = (message: string) => problems.push({ file: file.name, message, loaded: true });
      let document = taught ? parseTaughtDocument(file.name, decodeText(file.text)) : (parsed.get(file.name) ?? parseTextFile(file.name, file.text, { limits, warn }));
      if (document instanceof Error) throw document;
      document = withOrigin(document, file);
      if (document.sections.length === 0) {
        problems.push({ file: file.name, message: "has no text to answer from" });
        continue;
      }
      documents.push(document);
    } catch (error) {
      problems.push({ file: file.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (documents.length === 0) {
    const why = problems.length > 0 ? ` (${problems.map((p) => `${p.file}: ${p.message}`).join("; ")})` : "";
    throw new CorpusError("corpus-empty", `No documents to answer from in ${where}: add .md, .txt, .html, .pdf or .docx files${why}.`, where);
  }
  return { documents, problems, synonyms };
}

/** What a file's origin adds to its document: the fetched address, a feed's date, else the file's modification date. */
function withOrigin(document: CorpusDocument, file: SourceFile): CorpusDocument {
  const published = document.published ?? isoDate(file.published);
  return {
    ...document,
    ...(file.url && !document.source ? { source: file.url } : {}),
    ...(published ? { published } : file.modified ? { modified: file.modified.toISOString().slice(0, 10) } : {}),
  };
}

/**
 * {@link buildCorpus} for files of any format: the extracted ones (HTML,
 * PDF, DOCX), whose parsers are asynchronous, are parsed first.
 */
export async function parseCorpus(
  files: readonly SourceFile[],
  synonyms: readonly (readonly string[])[] = [],
  where = "corpus",
  unreadable: readonly CorpusProblem[] = [],
  limits: CorpusLimits = {},
): Promise<Corpus> {
  const parsed = new Map<string, CorpusDocument | Error>();
  for (const file of files) {
    if (!isExtractedDocument(file.name)) continue;
    // One at a time: a large PDF holds its pages in memory while it is read.
    parsed.set(file.name, await parseExtractedFile(file.name, file.text).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  }
  return buildCorpus(files, synonyms, where, unreadable, limits, parsed);
}

/**
 * Loads every document file (Markdown, text, HTML, PDF, DOCX) under `dir` (recursively),
 * plus the optional synonyms file, and `extra` in-memory files (the
 * moderators' taught answers).
 *
 * @throws CorpusError `corpus-missing` when the folder does not exist,
 * `corpus-empty` when it holds no loadable document, `synonyms-invalid` when
 * the synonyms file is malformed
 */
export async function loadCorpus(dir: string, extra: readonly SourceFile[] = [], limits: CorpusLimits = {}): Promise<Corpus> {
  const { files, synonyms, unreadable } = await readCorpusFolder(dir, limits);
  return parseCorpus([...files, ...extra], synonyms, dir, unreadable, limits);
}

/** A corpus folder's files as read, before parsing. */
export interface CorpusFolder {
  readonly files: readonly SourceFile[];
  readonly synonyms: readonly (readonly string[])[];
  /** Files that could not be read at all, or were not read: too big, or symbolic links. */
  readonly unreadable: readonly CorpusProblem[];
}

/**
 * Reads a corpus folder's document files (as bytes) and synonyms without
 * parsing the documents, so the corpus can be identified (hashed) before
 * deciding whether it needs parsing at all.
 *
 * A file over the size limit is not read, nor is a symbolic link (it may
 * lead out of the corpus folder): both are reported as skipped.
 *
 * @throws CorpusError `corpus-missing`, `synonyms-invalid` as {@link loadCorpus}
 */
export async function readCorpusFolder(dir: string, limits: CorpusLimits = {}): Promise<CorpusFolder> {
  const { maxFileBytes } = { ...DEFAULT_CORPUS_LIMITS, ...limits };
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CorpusError("corpus-missing", `Corpus folder not found: ${dir} (set CORPUS_DIR or --corpus to a folder of documents).`, dir);
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const nameOf = (entry: Dirent) => relative(dir, join(entry.parentPath, entry.name));
  const names = entries.filter((entry) => entry.isFile() && isDocumentFile(entry.name)).map(nameOf);
  const files: SourceFile[] = [];
  const unreadable: CorpusProblem[] = entries
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => ({ file: nameOf(entry), message: "is a symbolic link, which the bot does not follow (it could lead out of the corpus folder): copy the file in instead" }));
  // Several reads in flight at once: one at a time, a folder of thousands of files takes seconds to read.
  for (let from = 0; from < names.length; from += READS_IN_FLIGHT) {
    const batch = names.slice(from, from + READS_IN_FLIGHT);
    const read = await Promise.allSettled(
      batch.map(async (name) => {
        const path = join(dir, name);
        const { size, mtime } = await stat(path);
        if (size > maxFileBytes) throw new FileTooBig(size, maxFileBytes);
        return { text: await readFile(path), modified: mtime };
      }),
    );
    read.forEach((result, i) => {
      const name = batch[i] ?? "";
      if (result.status === "fulfilled") files.push({ name, ...result.value });
      else if (result.reason instanceof FileTooBig) unreadable.push({ file: name, message: result.reason.message });
      // A file the bot may not read (permissions) is one bad file, not a broken corpus.
      else unreadable.push({ file: name, message: `cannot be read: ${(result.reason as NodeJS.ErrnoException).code ?? String(result.reason)}` });
    });
  }
  const synonyms = await readSynonyms(join(dir, SYNONYMS_FILE));
  return { files, synonyms, unreadable };
}
