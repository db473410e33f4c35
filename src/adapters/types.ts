import type { CommandCatalog } from "../commands/types.js";
import type { Logger } from "../logger.js";
import type { Pipeline } from "../pipeline/Pipeline.js";

/**
 * What every adapter is given: the one pipeline that answers every request,
 * the catalog (for the platform's command menu) and a logger. Adapters only
 * decode platform events into requests, render replies and send them.
 */
export interface AdapterContext {
  readonly pipeline: Pipeline;
  readonly catalog: CommandCatalog;
  readonly logger: Logger;
}

/** A started adapter. */
export interface RunningAdapter {
  /** "discord", "telegram" or "console", for logs. */
  readonly name: string;
  /** Whether it is connected now (for readiness checks). */
  readonly connected?: () => boolean;
  /** What /readyz says of it when connected, if more than "connected" (a missing Discord intent). */
  readonly detail?: () => string;
  /**
   * Stops taking new events, finishes the ones in flight, disconnects; safe
   * to call more than once.
   */
  stop(): Promise<void>;
}
