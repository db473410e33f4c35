import type { Store } from "../store/index.js";
import type { SkipReason } from "./auto/defaults.js";
import type { Platform } from "./types.js";

/**
 * What the pipeline needs from its surroundings, as narrow interfaces: the
 * living answer service, the store and the metrics each satisfy one, and
 * tests can give small fakes.
 */

export type { ReloadOutcome, ServiceSource } from "../usecases/ports.js";

/** The part of the store the pipeline uses; the store's own types, so the two cannot drift apart. */
export type PipelineStore = Pick<Store, "hashUser" | "answers" | "gaps" | "teaching" | "deliveries" | "limits" | "autoAnswer" | "learning">;

/** What the pipeline reports to the metrics. */
export interface PipelineMetrics {
  answered(platform: Platform, outcome: "answered" | "refused", identifier: string | undefined, seconds: number): void;
  voted(value: "up" | "down"): void;
  rateLimited(platform: Platform): void;
  /** Auto-answering (issue 18): an automatic answer given, one not given and why, one dismissed. */
  autoAnswered?(platform: Platform): void;
  autoSkipped?(platform: Platform, reason: SkipReason): void;
  dismissed?(platform: Platform): void;
}
