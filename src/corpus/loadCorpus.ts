import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { CorpusError } from "./CorpusError.js";
import { FileTooBig } from "./FileTooBig.js";
import { DEFAULT_CORPUS_LIMITS, type CorpusLimits } from "./limits.js";
import { parseDocument, type DocumentFormat } from "./parseDocument.js";
import { readSynonyms, SYNONYMS_FILE } from "./readSynonyms.js";
import { parseTaughtDocument, TAUGHT_EXTENSION } from "./taughtDocument.js";
import type { Corpus, CorpusDocument, CorpusProblem } from "./types.js";

const FORMATS: Record<string, DocumentFormat> = { ".md": "markdown", ".markdown": "markdown", ".txt": "text" };

/** A document's source text, for loading corpora that do not live on disk. */
export interface SourceFile {
  /** Name relative to the corpus, e.g. `article.md`; its extension picks the format. */
  readonly name: string;
  /** The text, or the file's bytes, which must then be UTF-8. */
  readonly text: string | Uint8Array;
}

/** Files read at once: enough to keep the disk and libuv's threads busy, few enough to stay far from file-handle limits. */
const READS_IN_FLIGHT = 32;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a file's bytes. A file saved in another encoding (Latin-1,
 * UTF-16) is refused rather than quoted with replacement characters.
 */
function decodeText(text: string | Uint8Array): string {
  if (typeof text === "string") return text;
  try {
    return utf8.decode(text);
  } catch {
    throw new Error("is not UTF-8 text (save it as UTF-8)");
  }
}

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
): Corpus {
  const documents: CorpusDocument[] = [];
  const problems: CorpusProblem[] = [...unreadable];
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const taught = file.name.endsWith(TAUGHT_EXTENSION);
    const format = FORMATS[extname(file.name).toLowerCase()];
    if (!format && !taught) continue;
    try {
      const warn = (message: string) => problems.push({ file: file.name, message, loaded: true });
      const document = taught ? parseTaughtDocument(file.name, decodeText(file.text)) : parseDocument(file.name, decodeText(file.text), format ?? "text", { limits, warn });
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
    throw new CorpusError("corpus-empty", `No documents to answer from in ${where}: add .md or .txt files${why}.`, where);
  }
  return { documents, problems, synonyms };
}

/**
 * Loads every `.md`, `.markdown` and `.txt` file under `dir` (recursively),
 * plus the optional synonyms file, and `extra` in-memory files (the
 * moderators' taught answers).
 *
 * @throws CorpusError `corpus-missing` when the folder does not exist,
 * `corpus-empty` when it holds no loadable document, `synonyms-invalid` when
 * the synonyms file is malformed
 */
export async function loadCorpus(dir: string, extra: readonly SourceFile[] = [], limits: CorpusLimits = {}): Promise<Corpus> {
  const { files, synonyms, unreadable } = await readCorpusFolder(dir, limits);
  return buildCorpus([...files, ...extra], synonyms, dir, unreadable, limits);
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
    throw new CorpusError("corpus-missing", `Corpus folder not found: ${dir} (set CORPUS_DIR or --corpus to a folder of .md/.txt files).`, dir);
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const nameOf = (entry: Dirent) => relative(dir, join(entry.parentPath, entry.name));
  const names = entries.filter((entry) => entry.isFile() && FORMATS[extname(entry.name).toLowerCase()] !== undefined).map(nameOf);
  const files: SourceFile[] = [];
  const unreadable: CorpusProblem[] = entries
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => ({ file: nameOf(entry), message: "is a symbolic link, which the bot does not follow (it could lead out of the corpus folder): copy the file in instead" }));
  const readSmall = async (path: string) => {
    const { size } = await stat(path);
    if (size > maxFileBytes) throw new FileTooBig(size, maxFileBytes);
    return readFile(path);
  };
  // Several reads in flight at once: one at a time, a folder of thousands of files takes seconds to read.
  for (let from = 0; from < names.length; from += READS_IN_FLIGHT) {
    const batch = names.slice(from, from + READS_IN_FLIGHT);
    const read = await Promise.allSettled(batch.map((name) => readSmall(join(dir, name))));
    read.forEach((result, i) => {
      const name = batch[i] ?? "";
      if (result.status === "fulfilled") files.push({ name, text: result.value });
      else if (result.reason instanceof FileTooBig) unreadable.push({ file: name, message: result.reason.message });
      // A file the bot may not read (permissions) is one bad file, not a broken corpus.
      else unreadable.push({ file: name, message: `cannot be read: ${(result.reason as NodeJS.ErrnoException).code ?? String(result.reason)}` });
    });
  }
  const synonyms = await readSynonyms(join(dir, SYNONYMS_FILE));
  return { files, synonyms, unreadable };
}
