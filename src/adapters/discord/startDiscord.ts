import { Client, Events, GatewayIntentBits } from "discord.js";
import type { DiscordConfig } from "../../config/readConfig.js";
import type { BotContext, RunningAdapter } from "../types.js";
import { handleInteraction } from "./handleInteraction.js";

export interface DiscordOptions {
  /**
   * How long to wait for the gateway to report ready before giving up.
   * @default 30000 ms, so a bad token or unreachable API fails start-up instead of hanging it
   */
  readonly loginTimeoutMs?: number;
}

/**
 * Starts the Discord adapter: logs in to the gateway and answers
 * interactions. Slash commands are registered separately (`npm run register`),
 * since registering on every start is rate-limited and slow to propagate.
 *
 * @throws when login fails or times out, so the caller can keep its other adapters running
 */
export async function startDiscord(context: BotContext, config: DiscordConfig, options: DiscordOptions = {}): Promise<RunningAdapter> {
  const { logger } = context;
  // Interactions arrive without privileged intents; Guilds keeps channel and role data usable.
  // No pings by default, as well as on every reply, so nothing sent later can forget it.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.apiRoot ? { rest: { api: config.apiRoot } } : {}),
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, context));
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord: client error"));
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("Discord gateway did not become ready in time")), options.loginTimeoutMs ?? 30_000);
  });
  try {
    await Promise.race([client.login(config.token).then(() => ready), timeout]);
  } catch (error) {
    await client.destroy();
    // discord.js errors never include the token, but say plainly what failed.
    throw new Error(`Discord login failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  logger.info({ user: client.user?.tag }, "discord: ready");

  let running = true;
  return {
    name: "discord",
    async stop() {
      if (!running) return;
      running = false;
      await client.destroy();
    },
  };
}
