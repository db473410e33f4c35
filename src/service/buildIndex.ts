import { DEFAULT_ANSWER_SERVICE_OPTIONS, type AnswerServiceOptions } from "../answer/AnswerService.js";
import type { CorpusLimits } from "../corpus/limits.js";
import { parseCorpus, readCorpusFolder, type SourceFile } from "../corpus/loadCorpus.js";
import { saveIndex } from "../index/savedIndex.js";
import { SearchIndex } from "../index/SearchIndex.js";
import { withDefaults } from "../withDefaults.js";
import { corpusVersion } from "./corpusVersion.js";
import { encodeLines, readCachedIndex, writeCachedIndex } from "./indexCache.js";

/** What to build: sent to the index worker. */
export interface BuildRequest {
  readonly corpusDir: string;
  /** Where saved indexes live; `null` never saves or loads one. */
  readonly cacheDir: string | null;
  readonly extraFiles: readonly SourceFile[];
  readonly options: AnswerServiceOptions;
  /** Limits on corpus files; the corpus's defaults when absent. */
  readonly limits?: CorpusLimits;
  /** The version being served: when the corpus still has it, nothing is built. */
  readonly currentVersion?: string;
  /** A reload, built while the bot answers: the worker lowers its CPU priority for it (and stays lowered). */
  readonly background?: boolean;
  /** Build even when a saved index exists (the saved one failed to restore). */
  readonly ignoreCache?: boolean;
}

export type BuildResult =
  | { readonly kind: "unchanged"; readonly version: string }
  | {
      readonly kind: "index";
      readonly version: string;
      /** The saved index's lines (see `index/savedIndex.ts`), as UTF-8 bytes. */
      readonly body: Uint8Array;
      readonly fromCache: boolean;
      /** Things worth a warning in the log: a saved index that was rejected, or could not be written. */
      readonly notes: readonly string[];
    };

/**
 * Reads the corpus folder, identifies it, and returns its index: the saved
 * one when there is a valid one for this version, else a freshly built one
 * (then saved). Runs in the index worker, off the bot's event loop.
 *
 * @throws CorpusError when the corpus folder cannot be served
 */
export async function buildIndex(request: BuildRequest): Promise<BuildResult> {
  const options = withDefaults(DEFAULT_ANSWER_SERVICE_OPTIONS, request.options);
  const folder = await readCorpusFolder(request.corpusDir, request.limits);
  // A taught document replaces a folder file of the same name.
  const extraNames = new Set(request.extraFiles.map((file) => file.name));
  const files = [...folder.files.filter((file) => !extraNames.has(file.name)), ...request.extraFiles];
  const version = corpusVersion({ files: folder.files, synonyms: folder.synonyms, extraFiles: request.extraFiles, options });
  if (version === request.currentVersion) return { kind: "unchanged", version };

  const notes: string[] = [];
  if (request.cacheDir !== null && !request.ignoreCache) {
    const cached = await readCachedIndex(request.cacheDir, version);
    if ("body" in cached) return { kind: "index", version, body: cached.body, fromCache: true, notes };
    if (cached.problem !== "missing") notes.push(`saved index ${version} ignored (${cached.problem}); rebuilding it`);
  }
  const corpus = await parseCorpus(files, folder.synonyms, request.corpusDir, folder.unreadable, request.limits);
  const body = encodeLines(saveIndex(new SearchIndex(corpus, options)));
  if (request.cacheDir !== null) {
    await writeCachedIndex(request.cacheDir, version, body).catch((error: Error) =>
      notes.push(`could not save the index in ${request.cacheDir}: ${error.message}`),
    );
  }
  return { kind: "index", version, body, fromCache: false, notes };
}
