import {
  Client,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  Routes,
  SnowflakeUtil,
  type APIInteraction,
  type APIInteractionResponse,
  type GatewayMessageCreateDispatchData,
  type RateLimitData,
} from "discord.js";
import type { DiscordConfig } from "../../config/readConfig.js";
import { FairGate } from "../FairGate.js";
import type { AdapterContext, RunningAdapter } from "../types.js";
import type { ModeratorPolicy } from "./decodeInteraction.js";
import { answerInteractionFully } from "./answerInteraction.js";
import { channelMessages, type ChannelMessageOptions } from "./channelMessages.js";
import { Acknowledger, followUpRest, type AcknowledgeOptions } from "./acknowledgeFirst.js";

export interface DiscordOptions extends ModeratorPolicy {
  /**
   * How long to wait for the gateway to report ready before giving up.
   * @default 30000 ms, so a bad token or unreachable API fails start-up instead of hanging it
   */
  readonly loginTimeoutMs?: number;
  /** When an interaction is deferred instead of answered in its first response; see {@link AcknowledgeOptions}. */
  readonly acknowledge?: AcknowledgeOptions;
  /**
   * Read messages in servers, to answer on its own where moderators turned
   * that on (needs the privileged Message Content intent; without it the bot
   * runs on with a warning).
   * @default true
   */
  readonly messages?: boolean;
  /** Forum posts' 40058 retries; see {@link ChannelMessageOptions}. */
  readonly channelMessages?: ChannelMessageOptions;
}

/** Discord accepts an interaction's first response for 3 s after it was created. */
const INTERACTION_WINDOW_MS = 3000;

/**
 * What a retried callback needs after its wait to reach Discord: the request
 * itself. Kept short, since a retry that lands late costs one refused
 * request while one not tried is an interaction certainly lost (half a
 * second ruled out most third attempts under 429s; bench/RESULTS.md).
 */
const LANDING_MARGIN_MS = 150;

/**
 * Whether discord.js should give up on a rate-limited request instead of
 * waiting: only an interaction callback whose wait would land after its
 * 3-second window, when the interaction token is dead and a retry can only
 * fail again. Everything else keeps discord.js's own rate-limit handling.
 *
 * The window runs from the interaction's creation: its snowflake's time when
 * that is plausible next to when it arrived here (`receivedAt`), else the
 * arrival itself — a skewed clock or made-up ids must not declare every
 * callback dead, nor keep retrying ones that are.
 */
export function isCallbackTooLate(data: RateLimitData, receivedAt: (interactionId: string) => number | undefined, now = Date.now()): boolean {
  const match = /\/interactions\/(\d{17,20})\/[^/]+\/callback/.exec(data.route + data.url);
  if (!match?.[1]) return false;
  return now + data.retryAfter + LANDING_MARGIN_MS > createdAt(match[1], receivedAt(match[1]) ?? now) + INTERACTION_WINDOW_MS;
}

/** When an interaction was created: its snowflake's time, if within a few seconds before it arrived; else its arrival. */
function createdAt(interactionId: string, arrived: number): number {
  const stamped = Number(SnowflakeUtil.timestampFrom(interactionId));
  return stamped <= arrived + 1000 && stamped >= arrived - INTERACTION_WINDOW_MS ? Math.min(stamped, arrived) : arrived;
}

/** Whose interaction it is: fairness is per person. */
const userKey = (interaction: APIInteraction) => interaction.member?.user.id ?? interaction.user?.id ?? "";

/**
 * Starts the Discord adapter: logs in to the gateway and answers
 * interactions. Slash commands are registered separately (`npm run register`),
 * since registering on every start is rate-limited and slow to propagate.
 * discord.js resumes or re-identifies by itself when the gateway drops.
 *
 * @throws when login fails or times out, so the caller can keep its other adapters running
 */
export async function startDiscord(context: AdapterContext, config: DiscordConfig, options: DiscordOptions = {}): Promise<RunningAdapter> {
  const { logger } = context;
  let lateCallbacks = 0;
  // When each interaction being answered arrived, for the callback's window.
  const arrivals = new Map<string, number>();
  // Interactions arrive without privileged intents; Guilds keeps channel and role data usable.
  // Messages in channels (auto-answering) need GuildMessages and the privileged Message Content.
  // No pings by default, as well as on every reply, so nothing sent later can forget it.
  const build = (withMessages: boolean) =>
    new Client({
      intents: withMessages ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      rest: {
        ...(config.apiRoot ? { api: config.apiRoot } : {}),
        rejectOnRateLimit: (data) => {
          const late = isCallbackTooLate(data, (id) => arrivals.get(id));
          // Logged once: a flood of late callbacks would otherwise flood the log too.
          if (late && lateCallbacks++ === 0)
            logger.warn(
              { retryAfterMs: data.retryAfter },
              "discord: an interaction callback was rate-limited past its 3-second window; not retrying such callbacks",
            );
          return late;
        },
      },
    });
  let client = build(options.messages !== false);
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  // Interactions are answered from the API's own data, as in HTTP interactions
  // mode, so both modes share one decoder and one response.
  // A few answered at once, whoever has the fewest waiting first, so a
  // burst fills the gaps instead of the queue. Acknowledged first: one whose
  // reply is not ready at once (or that must wait for a place) is deferred
  // within its window and answered through the follow-up webhook.
  const gate = new FairGate();
  const acknowledger = new Acknowledger(logger, options.acknowledge);
  const followUps = followUpRest(config.apiRoot);
  const respond = async (interaction: APIInteraction) => {
    const initial = async (response: APIInteractionResponse) => {
      await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: response, auth: false });
    };
    const answer = () =>
      gate.run(userKey(interaction), async (lease) => {
        const answered = await answerInteractionFully(interaction, context, options, {
          deleteMessage: async (channelId, messageId) => void (await client.rest.delete(Routes.channelMessage(channelId, messageId))),
        });
        lease();
        return answered;
      });
    // One that must wait for a place cannot be sure to be answered in time: deferred at once.
    await acknowledger.acknowledge(interaction, answer, { initial, rest: followUps }, gate.full);
  };
  const listen = (target: Client) => {
    target.ws.on(GatewayDispatchEvents.InteractionCreate, (interaction: APIInteraction) => {
      if (!accepting) return;
      arrivals.set(interaction.id, Date.now());
      const leave = gate.arrived(userKey(interaction));
      const handled = respond(interaction).finally(() => {
        leave();
        inFlight.delete(handled);
        arrivals.delete(interaction.id);
      });
      inFlight.add(handled);
    });
    target.on(Events.Error, (error) => logger.error({ err: error }, "discord: client error"));
    target.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
    target.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, "discord: gateway disconnected"));
    target.on(Events.ShardResume, () => logger.info("discord: gateway resumed"));

    target.ws.on(GatewayDispatchEvents.MessageCreate, (data: GatewayMessageCreateDispatchData) => {
      if (!accepting || !onMessage) return;
      const handled = onMessage(data).finally(() => inFlight.delete(handled));
      inFlight.add(handled);
    });
  };
  let onMessage: ((data: GatewayMessageCreateDispatchData) => Promise<void>) | undefined;
  let missingIntent = false;
  const login = async (target: Client) => {
    listen(target);
    const ready = new Promise<void>((resolve) => target.once(Events.ClientReady, () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Discord gateway did not become ready in time")), options.loginTimeoutMs ?? 30_000);
    });
    try {
      await Promise.race([target.login(config.token).then(() => ready), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    try {
      await login(client);
    } catch (error) {
      // Without the Message Content intent (Developer Portal → Bot → Privileged Gateway Intents),
      // Discord refuses the connection: everything but auto-answering still works without it.
      if (options.messages === false || !/disallowed intent/i.test(error instanceof Error ? error.message : String(error))) throw error;
      await client.destroy();
      missingIntent = true;
      logger.warn(
        "discord: the Message Content intent is not enabled for this application, so the bot cannot read channel messages and will not answer on its own (/autoanswer); enable it in the Developer Portal → Bot → Privileged Gateway Intents. Everything else works.",
      );
      client = build(false);
      await login(client);
    }
  } catch (error) {
    await client.destroy();
    // discord.js errors never include the token, but say plainly what failed.
    throw new Error(`Discord login failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!missingIntent && options.messages !== false && client.user)
    onMessage = channelMessages(
      context,
      client.rest,
      { id: client.user.id, names: [client.user.username, client.user.globalName].filter((name): name is string => Boolean(name)) },
      options,
      options.channelMessages,
    );
  logger.info({ user: client.user?.tag }, "discord: ready");

  let running = true;
  return {
    name: "discord",
    connected: () => running && client.isReady(),
    ...(missingIntent ? { detail: () => "connected; Message Content intent missing: no automatic answers" } : {}),
    async stop() {
      if (!running) return;
      running = false;
      accepting = false;
      gate.unbind();
      // Interactions being answered finish first; each is bounded by its 3-second window.
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
