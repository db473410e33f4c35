import type { AnswerService } from "../answer/AnswerService.js";
import type { CommandCatalog } from "../commands/types.js";
import type { Logger } from "../logger.js";

/** What every adapter is given: the one answer service, the one catalog, a logger. */
export interface BotContext {
  readonly service: AnswerService;
  readonly catalog: CommandCatalog;
  readonly logger: Logger;
}

/** A started adapter. */
export interface RunningAdapter {
  /** "discord", "telegram" or "console", for logs. */
  readonly name: string;
  /** Disconnects cleanly; safe to call more than once. */
  stop(): Promise<void>;
}
