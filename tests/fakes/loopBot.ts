import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AdapterContext } from "../../src/adapters/types.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import { taughtFiles } from "../../src/corpus/taughtDocument.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline, type PipelineOptions } from "../../src/pipeline/createPipeline.js";
import type { PipelineDeps } from "../../src/pipeline/Pipeline.js";
import { ServiceHolder, type ServiceHolderOptions } from "../../src/service/ServiceHolder.js";
import { openStore, type Store } from "../../src/store/index.js";

/** The bot's insides as `npm start` wires them, over a real SQLite store in a temporary folder. */
export interface LoopBot {
  readonly context: AdapterContext;
  readonly store: Store;
  readonly holder: ServiceHolder;
  readonly storeUrl: string;
  close(): Promise<void>;
}

export interface LoopBotOptions {
  /** Questions per person per minute; 0 (the default) is no limit. */
  readonly rateLimit?: number;
  /** Options of the service holder over those `npm start` uses (validate, watch, extraFiles…); watch is off unless set. */
  readonly holder?: Partial<Omit<ServiceHolderOptions, "corpusDir" | "logger">>;
  /** More pipeline dependencies, made from the store (the moderators' login links). */
  readonly deps?: (store: Store) => Partial<PipelineDeps>;
  /** Auto-answering's hourly cap and back-off; the defaults unless set. */
  readonly autoAnswer?: PipelineOptions["autoAnswer"];
}

export async function startLoopBot(corpusDir = "corpus", options: LoopBotOptions = {}): Promise<LoopBot> {
  const dir = await mkdtemp(join(tmpdir(), "cited-loop-"));
  const storeUrl = `sqlite:${join(dir, "cited.db")}`;
  const logger = silentLogger();
  const store = await openStore({ url: storeUrl, dataDir: dir, pruneEveryMs: 0, logger });
  const holder = await ServiceHolder.create({
    corpusDir,
    cacheDir: null,
    watch: false,
    logger,
    extraFiles: async () => taughtFiles(await store.teaching.listTaught()),
    ...options.holder,
  });
  const catalog = await loadCatalog("commands");
  const pipeline = createPipeline(
    { services: holder, catalog, logger, store, ...options.deps?.(store) },
    {
      rateLimit: { limit: options.rateLimit ?? 0, windowMs: 60_000, burst: options.rateLimit ?? 0 },
      ...(options.autoAnswer ? { autoAnswer: options.autoAnswer } : {}),
    },
  );
  return {
    context: { pipeline, catalog, logger },
    store,
    holder,
    storeUrl,
    async close() {
      await holder.close();
      await store.close();
    },
  };
}
