import { autoAnswer, type AutoAnswerLimits } from "./auto/autoAnswer.js";
import { claimOnce, type ClaimOptions } from "./middleware/claimOnce.js";
import { dispatch } from "./dispatch.js";
import { errorBoundary } from "./middleware/errorBoundary.js";
import { DEFAULT_RATE_LIMIT, rateLimit, type RateLimitOptions } from "./middleware/rateLimit.js";
import { record } from "./middleware/record.js";
import { Pipeline, type PipelineDeps } from "./Pipeline.js";

export interface PipelineOptions {
  /** Per-user fair use; see {@link rateLimit}. */
  readonly rateLimit?: RateLimitOptions;
  /** How long a delivery's claim holds; see {@link claimOnce}. */
  readonly claim?: ClaimOptions;
  /** Auto-answering's cap and back-off; see {@link autoAnswer}. */
  readonly autoAnswer?: AutoAnswerLimits;
}

/**
 * The bot's pipeline, the same for every platform: errors become an apology,
 * a redelivered update is dropped (or waits while another replica answers it), a flood is limited, the request is
 * dispatched (or, for a message nobody asked the bot about, answered only
 * when auto-answering is on there and sure), and the answer is recorded.
 */
export function createPipeline(deps: PipelineDeps, options: PipelineOptions = {}): Pipeline {
  return new Pipeline(deps).use(
    errorBoundary,
    claimOnce(options.claim),
    rateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    record,
    autoAnswer(options.autoAnswer),
    dispatch,
  );
}
