import type { APIInteraction, APIInteractionResponse } from "discord.js";
import { HttpError } from "../../../http/HttpError.js";
import type { HttpServer, RouteHandler } from "../../../http/HttpServer.js";
import type { Logger } from "../../../logger.js";
import { verifyDiscordSignature } from "./verifyDiscordSignature.js";

/** Where Discord posts interactions: the Interactions Endpoint URL is `<public base URL>/discord/interactions`. */
export const DISCORD_INTERACTIONS_PATH = "/discord/interactions";

/**
 * Answers one verified interaction (any but PING); the result is sent as the
 * HTTP response, which Discord takes as the interaction's initial response
 * (within 3 s: defer, type 5, for anything slower and follow up over REST).
 * `undefined` when this delivery gets no response: one another replica
 * already claimed and answered, or one the bot leaves unanswered on purpose
 * (as it posts no callback over the gateway).
 */
export type InteractionHandler = (interaction: APIInteraction) => Promise<APIInteractionResponse | undefined>;

export interface InteractionsRouteOptions {
  /** Where a refused replay is reported. @default none */
  readonly logger?: Logger;
  /**
   * How far `X-Signature-Timestamp` may be from now, either way.
   * @default 5 minutes: Discord delivers at once, so an older signed request
   * is a captured one replayed (perhaps after its claim was pruned), and
   * clocks of hosts kept in time are well within it
   */
  readonly maxSkewMs?: number;
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
}

const ROUTE_DEFAULTS = { logger: undefined, maxSkewMs: 5 * 60_000, now: Date.now } satisfies Record<keyof Required<InteractionsRouteOptions>, unknown>;

// discord-api-types' InteractionType.Ping and InteractionResponseType.Pong,
// written out so this module loads without discord.js's runtime.
const PING = 1;
const PONG = 1;

/**
 * The route for Discord's HTTP interactions: a request whose signature does
 * not check out gets 401 and is not read any further (Discord itself probes
 * the endpoint with bad signatures when the URL is saved, and refuses an
 * endpoint that accepts them); PING is answered with PONG; everything else
 * goes to `handler`. Malformed JSON is 400; a body over the server's limit
 * is 413 before it gets here. A delivery the handler has no response for is
 * 409 Conflict, never a 2xx placeholder: when the same interaction reaches
 * two replicas at once, the one that lost the claim may answer first, and
 * Discord keeps the first valid response, which must be the real answer.
 * A signed request whose timestamp is more than `maxSkewMs` from now is
 * 401 too, with a warning: a replay of a captured request.
 */
export function discordInteractionsRoute(publicKeyHex: string, handler: InteractionHandler, options: InteractionsRouteOptions = {}): RouteHandler {
  const { logger, maxSkewMs, now } = { ...ROUTE_DEFAULTS, ...options };
  return async (request) => {
    const signature = request.header("x-signature-ed25519");
    const timestamp = request.header("x-signature-timestamp");
    if (!signature || !timestamp || !verifyDiscordSignature(publicKeyHex, signature, timestamp, request.body)) {
      throw new HttpError(401, "unauthorized", "invalid request signature");
    }
    const skewMs = Number(timestamp) * 1000 - now();
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(skewMs) > maxSkewMs) {
      logger?.warn(
        { skewSeconds: Number.isFinite(skewMs) ? Math.round(skewMs / 1000) : null },
        `discord: refused a signed interaction whose X-Signature-Timestamp is more than ${Math.round(maxSkewMs / 60_000)} minutes from now (a replayed request, or this host's clock is off)`,
      );
      throw new HttpError(401, "unauthorized", "request timestamp too far from now");
    }
    const interaction = request.json();
    if (typeof interaction !== "object" || interaction === null || typeof (interaction as { type?: unknown }).type !== "number") {
      throw new HttpError(400, "bad-request", "not an interaction");
    }
    if ((interaction as { type: number }).type === PING) return { json: { type: PONG } };
    const response = await handler(interaction as APIInteraction);
    if (response === undefined) throw new HttpError(409, "not-answered", "this delivery of the interaction gets no response (already answered)");
    return { json: response };
  };
}

/** Registers {@link discordInteractionsRoute} at `POST /discord/interactions`. */
export function mountDiscordInteractions(server: HttpServer, publicKeyHex: string, handler: InteractionHandler, options: InteractionsRouteOptions = {}): void {
  server.route("POST", DISCORD_INTERACTIONS_PATH, discordInteractionsRoute(publicKeyHex, handler, options));
}
