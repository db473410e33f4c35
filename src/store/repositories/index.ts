import { AnswersRepository } from "./answers.js";
import type { RepositoryContext } from "./context.js";
import { DeliveriesRepository } from "./deliveries.js";
import { GapsRepository } from "./gaps.js";
import { LearningRepository } from "./learning.js";
import { LimitsRepository } from "./limits.js";
import { TeachingRepository } from "./teaching.js";

/** A repository's public members: what callers (and the resilient wrapper) see of it. */
type Api<T> = { [K in keyof T]: T[K] };

/**
 * The store's repositories, one per concern, over one database. Adding one
 * is one line here and one in `openRepositories` (and its fault policy in
 * resilientStore.ts).
 */
export interface Repositories {
  readonly answers: Api<AnswersRepository>;
  readonly gaps: Api<GapsRepository>;
  readonly teaching: Api<TeachingRepository>;
  readonly deliveries: Api<DeliveriesRepository>;
  readonly limits: Api<LimitsRepository>;
  readonly learning: Api<LearningRepository>;
}

export function openRepositories(context: RepositoryContext): Repositories {
  return {
    answers: new AnswersRepository(context),
    gaps: new GapsRepository(context),
    teaching: new TeachingRepository(context),
    deliveries: new DeliveriesRepository(context),
    limits: new LimitsRepository(context),
    learning: new LearningRepository(context),
  };
}

export type { RepositoryContext } from "./context.js";
