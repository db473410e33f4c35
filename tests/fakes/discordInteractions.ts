/**
 * Builders of Discord interaction payloads as the gateway or an HTTP
 * interactions POST carries them, complete enough for discord.js to build
 * its interaction classes: slash commands, buttons and selects, modal submits.
 */

export const APPLICATION_ID = "111111111111111111";
export const BOT_USER = { id: APPLICATION_ID, username: "cited", discriminator: "0", global_name: "Cited", avatar: null, bot: true };
export const GUILD_ID = "222222222222222222";
export const CHANNEL_ID = "333333333333333333";

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 0n;

/**
 * A fresh, increasing Discord ID (snowflake) that encodes the current time
 * as Discord's do: bots read an interaction's creation time from its id
 * (for its 3-second window), so a made-up id would look years old.
 */
export function snowflake(): string {
  const now = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = now > lastSnowflake ? now : lastSnowflake + 1n;
  return String(lastSnowflake);
}

export interface InteractionUser {
  readonly id: string;
  readonly username?: string;
}

export interface InteractionContext {
  /** Who interacts. @default a fixed user "ada" */
  readonly user?: InteractionUser;
  /** Permissions bitfield of the member, as a decimal string. @default "0" (no Manage Messages) */
  readonly permissions?: string;
  /** In a guild channel (default) or a DM (`false`). */
  readonly guild?: boolean;
  readonly channelId?: string;
  readonly locale?: string;
}

type Interaction = Record<string, unknown>;

/** The fields every interaction carries; `type` and `data` are the caller's. */
export function baseInteraction(type: number, data: Record<string, unknown> | undefined, context: InteractionContext = {}): Interaction {
  const id = snowflake();
  const user = {
    id: context.user?.id ?? "444444444444444444",
    username: context.user?.username ?? "ada",
    discriminator: "0",
    global_name: context.user?.username ?? "Ada",
    avatar: null,
  };
  const channelId = context.channelId ?? CHANNEL_ID;
  const inGuild = context.guild ?? true;
  return {
    id,
    application_id: APPLICATION_ID,
    type,
    ...(data !== undefined ? { data } : {}),
    ...(inGuild
      ? {
          guild_id: GUILD_ID,
          channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: "general" },
          member: { user, roles: [], permissions: context.permissions ?? "0", joined_at: "2025-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
          authorizing_integration_owners: { "0": GUILD_ID },
          context: 0,
        }
      : { channel: { id: channelId, type: 1, recipients: [user] }, user, authorizing_integration_owners: { "1": user.id }, context: 1 }),
    channel_id: channelId,
    token: `token-${id}`,
    version: 1,
    app_permissions: "0",
    locale: context.locale ?? "en-US",
    entitlements: [],
  };
}

/** A slash command: `/name option:value …` (strings, integers, booleans). */
export function chatInputInteraction(name: string, options: Record<string, string | number | boolean> = {}, context: InteractionContext = {}): Interaction {
  const optionList = Object.entries(options).map(([optionName, value]) => ({
    name: optionName,
    type: typeof value === "string" ? 3 : typeof value === "boolean" ? 5 : Number.isInteger(value) ? 4 : 10,
    value,
  }));
  return baseInteraction(2, { id: "999", name, type: 1, ...(optionList.length > 0 ? { options: optionList } : {}) }, context);
}

/** The message a component sits on, as Discord sends it with the interaction. */
export function botMessage(
  fields: { id?: string; content?: string; embeds?: unknown[]; components?: unknown[]; channelId?: string } = {},
): Record<string, unknown> {
  return {
    id: fields.id ?? snowflake(),
    type: 0,
    channel_id: fields.channelId ?? CHANNEL_ID,
    author: BOT_USER,
    content: fields.content ?? "",
    embeds: fields.embeds ?? [],
    components: fields.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
  };
}

/**
 * A component interaction (type 3): a button press (`componentType` 2, the
 * default) or a select (string select 3, with `values`), on `message`.
 */
export function componentInteraction(
  customId: string,
  options: { componentType?: number; values?: readonly string[]; message?: Record<string, unknown> } = {},
  context: InteractionContext = {},
): Interaction {
  const componentType = options.componentType ?? 2;
  return {
    ...baseInteraction(3, { custom_id: customId, component_type: componentType, ...(options.values ? { values: [...options.values] } : {}) }, context),
    message: options.message ?? botMessage(),
  };
}

/** A modal submit (type 5) with one text input per field: `{ custom_id: value }`. */
export function modalSubmitInteraction(customId: string, fields: Record<string, string>, context: InteractionContext = {}): Interaction {
  const components = Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
  return baseInteraction(5, { custom_id: customId, components }, context);
}

/** A PING (type 1), which an HTTP interactions endpoint must answer with `{ type: 1 }`. */
export function pingInteraction(): Interaction {
  const id = snowflake();
  return { id, application_id: APPLICATION_ID, type: 1, token: `token-${id}`, version: 1 };
}
