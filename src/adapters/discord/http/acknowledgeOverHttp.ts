import type { APIInteraction, APIInteractionResponse } from "discord.js";
import type { InteractionAnswer } from "../answerInteraction.js";
import type { Logger } from "../../../logger.js";
import { Acknowledger, followUpRest, type AcknowledgeOptions } from "../acknowledgeFirst.js";
import type { InteractionHandler } from "./interactionsRoute.js";

/**
 * HTTP interactions acknowledged within the response deadline (see
 * {@link Acknowledger}): the HTTP response is the reply when it is ready
 * within `answerWithinMs`, else a deferral then (never before the claim is
 * won: see `deferBeforeWork`), and the reply follows through the
 * follow-up webhook at `apiRoot` (Discord's API by default) with the
 * interaction's own token.
 */
export function acknowledgeOverHttp(
  answer: (interaction: APIInteraction) => Promise<InteractionAnswer>,
  logger: Logger,
  config: { readonly apiRoot?: string } = {},
  options: AcknowledgeOptions = {},
): InteractionHandler {
  const rest = followUpRest(config.apiRoot);
  const acknowledger = new Acknowledger(logger, { deferBeforeWork: false, ...options });
  return (interaction) =>
    new Promise((resolve) => {
      const initial = async (response: APIInteractionResponse) => resolve(response);
      // Resolved with nothing when there was nothing to send (the route answers 409); later calls are no-ops.
      void acknowledger.acknowledge(interaction, () => answer(interaction), { initial, rest }).then(() => resolve(undefined));
    });
}
