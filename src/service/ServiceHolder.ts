import { problemWarning } from "../corpus/problemWarning.js";
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { AnswerService, type AnswerServiceOptions } from "../answer/AnswerService.js";
import type { CorpusLimits } from "../corpus/limits.js";
import type { SourceFile } from "../corpus/loadCorpus.js";
import { restoreIndex } from "../index/savedIndex.js";
import { SavedIndexError } from "../index/SavedIndexError.js";
import type { Logger } from "../logger.js";
import { withDefaults } from "../withDefaults.js";
import { buildIndex, type BuildRequest, type BuildResult } from "./buildIndex.js";
import { corpusLargerThan } from "./corpusSize.js";
import { decodeLines } from "./indexCache.js";
import { IndexWorker } from "./IndexWorker.js";
import { ServiceError } from "./ServiceError.js";

export interface ServiceHolderOptions {
  /** The corpus folder. */
  readonly corpusDir: string;
  /**
   * Where built indexes are saved, keyed by corpus version, so a restart
   * with an unchanged corpus loads instead of rebuilding; `null` never saves.
   * @default "data/cache" (the `CACHE_DIR` environment variable, wired in main)
   */
  readonly cacheDir?: string | null;
  readonly logger: Logger;
  /**
   * Throws to reject a freshly built service (e.g. checkTopics against the command catalog).
   * @default accepts every service
   */
  readonly validate?: (service: AnswerService) => void;
  /**
   * In-memory documents added to the corpus at every build (the moderators'
   * taught answers); one named like a folder file replaces it.
   * @default none
   */
  readonly extraFiles?: () => Promise<readonly SourceFile[]> | readonly SourceFile[];
  /**
   * Reload when a file in the corpus folder changes.
   * @default true: editing the corpus should not need a restart
   */
  readonly watch?: boolean;
  /**
   * Quiet time after the last change before reloading.
   * @default 300 ms: an editor's save, or a copied folder, is many events in a burst
   */
  readonly debounceMs?: number;
  /** Options of every service built. @default the AnswerService defaults */
  readonly service?: AnswerServiceOptions;
  /** Limits on corpus files (size, paragraph and sentence length). @default the corpus's own (`DEFAULT_CORPUS_LIMITS`) */
  readonly limits?: CorpusLimits;
  /**
   * A corpus folder up to this size has its first index built on the main
   * thread; a larger one in the worker, so /healthz keeps answering.
   * @default 1 MiB: built here in a few hundred milliseconds, while starting
   * the worker (loading the code again in a new isolate) takes seconds under tsx
   */
  readonly mainThreadBuildBytes?: number;
}

export const DEFAULT_SERVICE_HOLDER_OPTIONS = {
  cacheDir: "data/cache",
  validate: () => undefined,
  extraFiles: () => [],
  watch: true,
  debounceMs: 300,
  service: {},
  limits: {},
  mainThreadBuildBytes: 2 ** 20,
} satisfies Omit<Required<ServiceHolderOptions>, "corpusDir" | "logger">;

export type ReloadResult =
  { readonly ok: true; readonly version: string; readonly ms: number; readonly changed: boolean } | { readonly ok: false; readonly error: Error };

export interface ServiceHolderEvents {
  reloaded: [{ readonly version: string; readonly ms: number; readonly reason: string; readonly changed: boolean }];
  "reload-failed": [{ readonly error: Error; readonly reason: string }];
}

/**
 * Holds the answer service the bot serves from, and replaces it while the
 * bot runs: a reload builds a new service (in a worker thread, or from the
 * saved index) and swaps it in at once; requests read {@link current} each
 * time, so questions keep being answered from the old service meanwhile. A
 * reload that fails keeps the old service and reports why, never throwing
 * into the process. Reload requests arriving during a reload are merged into
 * one more reload after it.
 *
 * @example
 * const holder = await ServiceHolder.create({ corpusDir: "corpus", logger });
 * holder.current.ask("What is the ISF?");
 * process.on("SIGHUP", () => void holder.reload("SIGHUP"));
 */
export class ServiceHolder extends EventEmitter<ServiceHolderEvents> {
  private service: AnswerService;
  private readonly options: Required<ServiceHolderOptions>;
  private readonly worker: IndexWorker;
  private running: Promise<ReloadResult> | undefined;
  private queued: { reasons: string[]; promise: Promise<ReloadResult> } | undefined;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(service: AnswerService, options: Required<ServiceHolderOptions>, worker: IndexWorker) {
    super();
    this.service = service;
    this.options = options;
    this.worker = worker;
  }

  /**
   * Builds the first service (from the saved index when it is current) and
   * starts watching the corpus folder.
   * @throws CorpusError when the corpus cannot be loaded, or whatever `validate` throws (CatalogError)
   */
  static async create(options: ServiceHolderOptions): Promise<ServiceHolder> {
    const resolved = withDefaults<ServiceHolderOptions>({ ...DEFAULT_SERVICE_HOLDER_OPTIONS, corpusDir: options.corpusDir, logger: options.logger }, options);
    const worker = new IndexWorker();
    try {
      // A large corpus is first built in the worker too: the HTTP server is
      // already answering (/healthz), and tens of megabytes take tens of
      // seconds to index, which on this thread would silence it.
      const started = performance.now();
      const large = await corpusLargerThan(resolved.corpusDir, resolved.mainThreadBuildBytes);
      const { service, fromCache } = await build(resolved, large ? (request) => worker.build(request) : buildIndex, undefined);
      if (!service) throw new ServiceError("worker-failed", "the index worker found nothing to build", resolved.corpusDir);
      resolved.validate(service);
      resolved.logger.info(
        { version: service.version, ms: Math.round(performance.now() - started), fromCache },
        fromCache ? "corpus loaded from the saved index" : "corpus loaded and indexed",
      );
      const holder = new ServiceHolder(service, resolved, worker);
      if (resolved.watch) await holder.startWatching();
      return holder;
    } catch (error) {
      await worker.close();
      throw error;
    }
  }

  /** The service to answer from; read it for every request, since a reload replaces it. */
  get current(): AnswerService {
    return this.service;
  }

  /** Rebuilds from the corpus folder (and extra files) and swaps the new service in. Never rejects. */
  reload(reason: string): Promise<ReloadResult> {
    if (this.closed) return Promise.resolve({ ok: false, error: new ServiceError("service-closed", "the service holder is closed", this.options.corpusDir) });
    if (this.queued) {
      this.queued.reasons.push(reason);
      return this.queued.promise;
    }
    if (this.running) {
      const reasons = [reason];
      const promise = this.running.then(() => {
        this.queued = undefined;
        return this.start(reasons.join(", "));
      });
      this.queued = { reasons, promise };
      return promise;
    }
    return this.start(reason);
  }

  /** Stops watching, waits for a running reload, and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.debounce);
    await this.watcher?.close();
    await this.queued?.promise;
    await this.running;
    await this.worker.close();
  }

  private start(reason: string): Promise<ReloadResult> {
    const run = this.run(reason).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(reason: string): Promise<ReloadResult> {
    const started = performance.now();
    const { logger } = this.options;
    try {
      const built = await build(this.options, (request) => this.worker.build({ ...request, background: true }), this.service.version);
      // An unchanged corpus is validated again: what validate checks against (the catalog) may have changed.
      const service = built.service ?? this.service;
      this.options.validate(service);
      const changed = service !== this.service;
      this.service = service;
      const ms = performance.now() - started;
      logger.info(
        { version: service.version, ms: Math.round(ms), reason, changed, fromCache: built.fromCache },
        changed ? "corpus reloaded" : "corpus unchanged",
      );
      this.emit("reloaded", { version: service.version, ms, reason, changed });
      return { ok: true, version: service.version, ms, changed };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      logger.error({ err: failure, reason }, `reload failed, still answering from version ${this.service.version}: ${failure.message}`);
      this.emit("reload-failed", { error: failure, reason });
      return { ok: false, error: failure };
    }
  }

  private async startWatching(): Promise<void> {
    const cacheDir = this.options.cacheDir === null ? undefined : resolve(this.options.cacheDir);
    const watcher = watch(this.options.corpusDir, {
      ignoreInitial: true,
      // A cache folder inside the corpus folder must not trigger a reload by being written.
      ignored: (path) => cacheDir !== undefined && resolve(path).startsWith(cacheDir),
    });
    watcher.on("all", (event, path) => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(`file change (${event} ${path})`), this.options.debounceMs);
    });
    watcher.on("error", (error) => this.options.logger.warn({ err: error }, `watching ${this.options.corpusDir} failed; reload with SIGHUP or /reload`));
    this.watcher = watcher;
    await new Promise<void>((ready) => watcher.once("ready", ready));
  }
}

/**
 * Builds a service in the worker and restores its index here, a line at a
 * time. A saved index that fails to restore is rebuilt, never trusted.
 *
 * @returns no service when the corpus still has the `current` version
 */
async function build(
  options: Required<ServiceHolderOptions>,
  builder: (request: BuildRequest) => Promise<BuildResult>,
  current: string | undefined,
  ignoreCache = false,
): Promise<{ service?: AnswerService; fromCache: boolean }> {
  const extraFiles = await options.extraFiles();
  const result: BuildResult = await builder({
    corpusDir: options.corpusDir,
    cacheDir: options.cacheDir,
    extraFiles,
    options: options.service,
    limits: options.limits,
    ...(current ? { currentVersion: current } : {}),
    ignoreCache,
  });
  if (result.kind === "unchanged") return { fromCache: false };
  for (const note of result.notes) options.logger.warn({ version: result.version }, note);
  try {
    const index = await restoreIndex(decodeLines(result.body), options.service);
    const service = new AnswerService(index.corpus, options.service, { index, version: result.version }).warm();
    for (const problem of service.corpus.problems) options.logger.warn({ file: problem.file }, `corpus: ${problemWarning(problem)}`);
    return { service, fromCache: result.fromCache };
  } catch (error) {
    if (!(error instanceof SavedIndexError) || !result.fromCache || ignoreCache) throw error;
    options.logger.warn({ version: result.version, err: error }, `saved index ${result.version} ignored (${error.message}); rebuilding it`);
    return build(options, builder, current, true);
  }
}
