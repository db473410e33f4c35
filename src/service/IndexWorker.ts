import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { BuildRequest, BuildResult } from "./buildIndex.js";
import { ServiceError } from "./ServiceError.js";
import { fromWire, type WireError } from "./workerErrors.js";

/**
 * The worker's file: the compiled `.js` beside this one, or under tsx (npm
 * start, tests) the `.ts` source, which the worker then needs tsx to load.
 */
const RUNNING_TYPESCRIPT = import.meta.url.endsWith(".ts");
const WORKER_FILE = new URL(RUNNING_TYPESCRIPT ? "./indexWorkerMain.ts" : "./indexWorkerMain.js", import.meta.url);

/**
 * Starts the worker. On Node 20 a worker does not inherit tsx's loader, and
 * `execArgv: ["--import", "tsx"]` does not register it there either, so a
 * TypeScript worker starts from a line of JavaScript that registers tsx in
 * the worker and then imports the real entry point.
 */
function startWorker(): Worker {
  if (!RUNNING_TYPESCRIPT) return new Worker(WORKER_FILE);
  const tsx = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * A worker thread that builds indexes (see `buildIndex.ts`), started when
 * a build is asked for and ended once none is left (its heap is not kept
 * between rare reloads). A worker that dies is replaced by the next request.
 */
export class IndexWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: BuildResult) => void; reject: (error: Error) => void }>();

  build(request: BuildRequest): Promise<BuildResult> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  }

  /** Stops the worker; builds still running fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new ServiceError("service-closed", "the index worker was stopped", ""));
  }

  private start(): Worker {
    const worker = startWorker();
    // An idle worker must not keep the process alive (a CLI exits when done).
    worker.unref();
    worker.on("message", (message: { id: number; result?: BuildResult; error?: WireError }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      // An idle worker holds its own heap (about 25 MiB) until the next reload,
      // which is rare: let it go, and start another when one is asked for.
      if (this.pending.size === 0) this.retire(worker);
      if (!waiting) return;
      if (message.error) waiting.reject(fromWire(message.error));
      else if (message.result) waiting.resolve(message.result);
    });
    const died = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new ServiceError("worker-failed", `the index worker ${why}`, ""));
    };
    worker.on("error", (error) => died(`failed: ${error.message}`));
    worker.on("exit", (code) => died(`exited (code ${code})`));
    return worker;
  }

  /** Ends an idle worker without failing builds a newer worker may already have taken. */
  private retire(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    worker.removeAllListeners("exit");
    worker.removeAllListeners("error");
    worker.on("error", () => undefined);
    void worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
