import type { Middleware } from "../Pipeline.js";
import { withDefaults } from "../../withDefaults.js";
import { claimKey } from "../claimKey.js";
import { DEFAULT_CLAIM_OPTIONS, type ClaimOptions } from "../defaults.js";

export { DEFAULT_CLAIM_OPTIONS, type ClaimOptions } from "../defaults.js";

/**
 * Answers each delivery once: a Telegram update or Discord interaction is
 * claimed in the store before it is handled, so one that is delivered again
 * (after a restart, or to another replica) is dropped once answered, and
 * waits while another holds it (see {@link ClaimOptions.leaseMs}). The
 * adapter settles the claim once its reply is sent (`Pipeline.settle`).
 * Without a store, or for the console, every request passes.
 */
export function claimOnce(options: ClaimOptions = {}): Middleware {
  const { leaseMs } = withDefaults(DEFAULT_CLAIM_OPTIONS, options);
  return async (turn, next) => {
    const { store } = turn.deps;
    const key = claimKey(turn.request);
    if (!store || key === undefined) return next();
    const claim = await store.deliveries.claim(key, leaseMs);
    if (claim.outcome === "answered") {
      turn.deps.logger.debug({ platform: turn.request.platform, deliveryId: turn.request.deliveryId }, "already answered; skipping a redelivery");
      return { kind: "none", why: "duplicate" };
    }
    if (claim.outcome === "in-progress") {
      turn.deps.logger.info(
        { platform: turn.request.platform, deliveryId: turn.request.deliveryId, leaseEndsAt: claim.leaseEndsAt },
        "being answered elsewhere; asking for it again later",
      );
      return { kind: "none", why: "in-progress", leaseEndsAt: claim.leaseEndsAt };
    }
    return next();
  };
}
