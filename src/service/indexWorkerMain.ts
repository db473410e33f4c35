/**
 * The index worker's entry point (a node:worker_threads worker): builds or
 * loads indexes on request, so the bot's event loop never does that work.
 */
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { buildIndex, type BuildRequest } from "./buildIndex.js";
import { toWire } from "./workerErrors.js";

let lowered = false;

/**
 * On Linux a thread has its own niceness: lowered, a reload's build yields the
 * CPU to the bot's main thread (answering questions) whenever both want it.
 * Only for background builds: the first one, at start-up, has nothing to
 * yield to, and on a busy machine a lowered build could take minutes.
 */
function lowerPriority(): void {
  if (lowered) return;
  lowered = true;
  try {
    setPriority(10);
  } catch {
    // Not allowed on this system: the build just competes as an equal.
  }
}

parentPort?.on("message", (message: { id: number; request: BuildRequest }) => {
  if (message.request.background) lowerPriority();
  buildIndex(message.request).then(
    (result) => {
      if (result.kind === "unchanged") return parentPort?.postMessage({ id: message.id, result });
      // The body moves to the main thread without a copy; a view into a shared buffer is copied out first.
      const body = result.body.byteOffset === 0 && result.body.byteLength === result.body.buffer.byteLength ? result.body : new Uint8Array(result.body);
      parentPort?.postMessage({ id: message.id, result: { ...result, body } }, [body.buffer as ArrayBuffer]);
    },
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: toWire(error) }),
  );
});
