export { DEFAULT_AUTO_ANSWER_LIMITS, type AutoAnswerLimits } from "../defaults.js";

/** Why an automatic answer was not given (the `reason` label of `cited_auto_skipped_total`). */
export type SkipReason = "not-a-person" | "opted-out" | "backed-off" | "not-a-question" | "not-confident" | "human-replied" | "capped";
