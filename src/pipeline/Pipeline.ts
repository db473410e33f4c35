import type { AnswerService } from "../answer/AnswerService.js";
import type { CommandCatalog } from "../commands/types.js";
import type { Logger } from "../logger.js";
import type { SessionGrant } from "../store/index.js";
import { claimKey } from "./claimKey.js";
import type { PipelineMetrics, PipelineStore, ServiceSource } from "./ports.js";
import type { Reply, Request, WebSourceStatus } from "./types.js";

/** What every step of the pipeline can reach. */
export interface PipelineDeps {
  /** The answer service of the moment; read once per request, so a reload never changes one mid-way. */
  readonly services: ServiceSource;
  readonly catalog: CommandCatalog;
  readonly logger: Logger;
  /** Absent when running without a database (tests, tools). */
  readonly store?: PipelineStore;
  readonly metrics?: PipelineMetrics;
  /** The web sources' last fetches, for moderators' /sources. Absent without web sources. */
  readonly webSources?: () => Promise<readonly WebSourceStatus[]>;
  /** Makes a one-time login link to the moderators' web page (adapters/web/loginLinks.ts). Absent without a store or an HTTP server. */
  readonly loginLinks?: (grant: SessionGrant) => Promise<{ readonly url: string; readonly expiresAt: Date }>;
}

/** One request on its way through the pipeline. */
export interface Turn {
  readonly request: Request;
  /** The service that answers this request, fixed when it arrived. */
  readonly service: AnswerService;
  readonly deps: PipelineDeps;
  /** `performance.now()` when the request arrived, for latency. */
  readonly started: number;
}

export type Next = () => Promise<Reply>;

/** A step of the pipeline: it may answer on its own or pass the turn on with `next()`. */
export type Middleware = (turn: Turn, next: Next) => Promise<Reply>;

/**
 * Turns requests into replies through a chain of middleware, in the style of
 * grammY's `Composer`: each step runs in the order it was added and calls
 * `next()` to hand the turn on; the last step (the dispatcher) answers.
 *
 * @example
 * const pipeline = new Pipeline(deps).use(errorBoundary, rateLimit(options), record).use(dispatch);
 * const reply = await pipeline.handle(request);
 */
export class Pipeline {
  private readonly chain: Middleware[] = [];

  constructor(readonly deps: PipelineDeps) {}

  use(...middleware: Middleware[]): this {
    this.chain.push(...middleware);
    return this;
  }

  /**
   * Remembers that a message the adapter sent carried an answer, so that a
   * reply to it, on any replica and after a restart, can name the answer
   * (see `RepliedMessage.messageKey`). Never throws: without it a
   * moderator can still reply to the question itself.
   */
  async noteSent(messageKey: string, answerId: string): Promise<void> {
    await this.deps.store?.answers
      .linkMessage(messageKey, answerId)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, "could not remember a sent message"));
  }

  /**
   * Marks a delivery answered once the adapter has sent its reply (or given
   * up on it), so a redelivery is dropped instead of waiting out the claim's
   * lease. Never throws: unsettled, a redelivery is answered again after the lease.
   */
  async settle(request: Request): Promise<void> {
    const key = claimKey(request);
    if (key === undefined) return;
    await this.deps.store?.deliveries.settle(key).catch((error: unknown) => this.deps.logger.warn({ err: error }, "could not mark a delivery answered"));
  }

  handle(request: Request): Promise<Reply> {
    const turn: Turn = { request, service: this.deps.services.current, deps: this.deps, started: performance.now() };
    const run = (i: number): Promise<Reply> => {
      const step = this.chain[i];
      if (!step) return Promise.resolve<Reply>({ kind: "none", why: "ignored" });
      let called = false;
      return step(turn, () => {
        // Calling next twice would answer twice; a bug, not a user's mistake.
        if (called) return Promise.reject(new Error("next() called twice"));
        called = true;
        return run(i + 1);
      });
    };
    return run(0);
  }
}
