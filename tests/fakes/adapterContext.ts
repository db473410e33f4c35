import type { AdapterContext } from "../../src/adapters/types.js";
import type { AnswerService } from "../../src/answer/AnswerService.js";
import type { CommandCatalog } from "../../src/commands/types.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import type { PipelineDeps } from "../../src/pipeline/Pipeline.js";

/** An adapter's context over the real pipeline, answering from `service`. */
export function adapterContext(
  service: AnswerService,
  catalog: CommandCatalog,
  deps: Partial<PipelineDeps> = {},
  logger: Logger = silentLogger(),
): AdapterContext {
  const pipeline = createPipeline({ services: { current: service }, catalog, logger, ...deps });
  return { pipeline, catalog, logger };
}
