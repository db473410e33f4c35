import type { Middleware } from "../Pipeline.js";
import { notice } from "../types.js";

/**
 * The one place errors become replies: whatever fails further down is
 * logged with the request's platform and kind, and the person gets a short
 * private apology instead of silence or a stack trace.
 */
export const errorBoundary: Middleware = async (turn, next) => {
  try {
    return await next();
  } catch (error) {
    const { platform, intent } = turn.request;
    turn.deps.logger.error({ err: error, platform, intent: intent.kind }, `${platform}: failed to handle a request`);
    return notice("failed", {});
  }
};
