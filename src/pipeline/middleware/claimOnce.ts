import type { Middleware } from "../Pipeline.js";

/**
 * Answers each delivery once: a Telegram update or Discord interaction is
 * claimed in the store before it is handled, so one that is delivered again
 * (after a restart, or to another replica) is dropped. Without a store, or
 * for the console, every request passes.
 */
export const claimOnce: Middleware = async (turn, next) => {
  const { store } = turn.deps;
  const { deliveryId, platform } = turn.request;
  if (!store || deliveryId === undefined) return next();
  if (!(await store.claim(`${platform}:${deliveryId}`))) {
    turn.deps.logger.debug({ platform, deliveryId }, "already answered; skipping a redelivery");
    return { kind: "none", why: "duplicate" };
  }
  return next();
};
