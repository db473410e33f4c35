import { setTimeout as delay } from "node:timers/promises";
import {
  ChannelType,
  DiscordAPIError,
  MessageType,
  Routes,
  type APIChannel,
  type APIMessage,
  type GatewayMessageCreateDispatchData,
  type REST,
} from "discord.js";
import type { ChannelMessage, Reply, Request } from "../../pipeline/types.js";
import { renderDiscordReply } from "../../render/discord.js";
import { truncate } from "../../render/html.js";
import { ReplyWatch } from "../ReplyWatch.js";
import type { AdapterContext } from "../types.js";
import { CONTEXT_MENU_NAME } from "./buildCommandPayloads.js";
import type { ModeratorPolicy } from "./decodeInteraction.js";

export interface ChannelMessageOptions {
  /**
   * Tries of the answer to a new forum post that Discord refuses with 40058
   * (the post's first message is not there yet).
   * @default 5
   */
  readonly forumTries?: number;
  /**
   * Wait between those tries.
   * @default 500 ms: the first message follows its post within moments
   */
  readonly forumRetryMs?: number;
}

const DEFAULTS = { forumTries: 5, forumRetryMs: 500 } satisfies Required<ChannelMessageOptions>;

/** Discord's "the thread's first message is not there yet" (a forum post being created). */
const NOT_YET_POSTABLE = 40058;

const THREADS: readonly ChannelType[] = [ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread];
const CHANNELS: readonly ChannelType[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ...THREADS];

/** The keys the store knows the bot's Discord messages and threads by (see `Pipeline.noteSent`). */
const messageKey = (channelId: string, messageId: string) => `discord:${channelId}:${messageId}`;
const threadKey = (threadId: string) => `discord:thread:${threadId}`;

/**
 * Messages in servers (MESSAGE_CREATE, with the Message Content intent),
 * which the pipeline answers on its own where moderators turned that on: a
 * question in a text channel in a thread started from it, the first message
 * of a forum post inside the post, follow-ups in threads the bot answered in.
 * Read from the API's own data, like interactions, so no cache is needed;
 * channels are asked for once each.
 *
 * @param bot the bot's user id, and the names it goes by (see `Request.botNames`)
 */
export function channelMessages(
  context: AdapterContext,
  rest: REST,
  bot: { readonly id: string; readonly names: readonly string[] },
  policy: ModeratorPolicy,
  options: ChannelMessageOptions = {},
) {
  const { forumTries, forumRetryMs } = { ...DEFAULTS, ...options };
  const botId = bot.id;
  const { pipeline, logger } = context;
  const replies = new ReplyWatch();
  const channels = new Map<string, Promise<APIChannel | undefined>>();
  const channelOf = (id: string): Promise<APIChannel | undefined> => {
    let known = channels.get(id);
    if (!known) {
      known = (rest.get(Routes.channel(id)) as Promise<APIChannel>).catch(() => {
        channels.delete(id);
        return undefined;
      });
      channels.set(id, known);
      if (channels.size > 10_000) channels.delete(channels.keys().next().value as string);
    }
    return known;
  };

  /** Posts in a thread, retrying while a new forum post's first message is not there yet. */
  async function post(channelId: string, body: Record<string, unknown>): Promise<APIMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === NOT_YET_POSTABLE) || attempt >= forumTries) throw error;
        await delay(forumRetryMs);
      }
    }
  }

  /**
   * Asks a moderator in a direct message whether to teach their reply: an
   * ephemeral message needs an interaction, which a message is not. Closed
   * DMs are fine: `/gaps` lists the suggestion with the same buttons.
   */
  async function askPrivately(userId: string, reply: Reply): Promise<void> {
    const rendered = renderDiscordReply(reply, CONTEXT_MENU_NAME);
    if (!rendered) return;
    try {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      await rest.post(Routes.channelMessages(dm.id), {
        body: {
          ...(rendered.embeds ? { embeds: rendered.embeds } : {}),
          ...(rendered.components ? { components: rendered.components } : {}),
          allowed_mentions: { parse: [] },
        },
      });
    } catch (error) {
      logger.info({ err: error }, "discord: could not send a moderator the suggested answer privately; /gaps lists it");
    }
  }

  async function request(data: GatewayMessageCreateDispatchData): Promise<{ request: Request; channel: APIChannel; inThread: boolean } | undefined> {
    const guildId = data.guild_id;
    if (guildId === undefined) return undefined;
    const channel = await channelOf(data.channel_id);
    if (!channel || !CHANNELS.includes(channel.type)) return undefined;
    const inThread = THREADS.includes(channel.type);
    const parentId = inThread && "parent_id" in channel && typeof channel.parent_id === "string" ? channel.parent_id : undefined;
    const replied = data.message_reference?.message_id;
    const repliedToBot = data.referenced_message?.author.id === botId;
    const botThread = inThread && "owner_id" in channel && channel.owner_id === botId;
    const key = messageKey(data.channel_id, data.id);
    const text = data.content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").trim();
    if (text === "") return undefined;
    const author: ChannelMessage["author"] =
      data.webhook_id !== undefined
        ? "webhook"
        : data.author.bot
          ? "bot"
          : data.type === MessageType.Default || data.type === MessageType.Reply
            ? "person"
            : "system";
    const followUp =
      repliedToBot && replied !== undefined
        ? { messageKey: messageKey(data.channel_id, replied) }
        : botThread || inThread
          ? { messageKey: threadKey(channel.id) }
          : undefined;
    const message: ChannelMessage = {
      key,
      channelId: parentId ?? channel.id,
      scopes: [...(inThread ? [threadKey(channel.id)] : []), ...(replied !== undefined ? [messageKey(data.channel_id, replied)] : [])],
      // A thread started from a message (a forum post's too) has that message's id.
      repliesTo: [
        ...(replied !== undefined && !repliedToBot ? [messageKey(data.channel_id, replied)] : []),
        ...(inThread ? [messageKey(parentId ?? channel.id, channel.id), messageKey(channel.id, channel.id)] : []),
      ],
      trusted: (policy.trustedRoles ?? []).some((role) => (data.member?.roles ?? []).includes(role)),
      author,
      edited: data.edited_timestamp !== null && data.edited_timestamp !== undefined,
      link: `https://discord.com/channels/${guildId}/${data.channel_id}/${data.id}`,
      // A thread the bot answered in: its last answer there is what a follow-up follows (none known: not a follow-up).
      ...(followUp && (repliedToBot || (await pipeline.deps.store?.answers.answerOfMessage(followUp.messageKey)) !== undefined) ? { followUp } : {}),
      answeredByPerson: () => replies.repliedByOther(key, data.author.id),
    };
    const roles = policy.roles ?? [];
    const memberRoles = data.member?.roles ?? [];
    return {
      channel,
      inThread,
      request: {
        platform: "discord",
        deliveryId: `message:${data.id}`,
        user: { id: data.author.id, displayName: data.member?.nick ?? data.author.global_name ?? data.author.username },
        chat: { id: data.channel_id, private: false },
        community: { key: `discord:${guildId}`, platform: "discord" },
        intent: { kind: "channel-message", text, message },
        botNames: bot.names,
        // Only the roles the operator named: a message carries no permissions, and a member's are costly to work out.
        isModerator: async () => roles.some((role) => memberRoles.includes(role)),
      },
    };
  }

  return async function onMessage(data: GatewayMessageCreateDispatchData): Promise<void> {
    const replied = data.message_reference?.message_id;
    if (replied !== undefined && !data.author.bot) replies.note(messageKey(data.channel_id, replied), data.author.id);
    if (data.author.id === botId) return;
    try {
      const decoded = await request(data);
      if (!decoded) return;
      const { request: turn, channel, inThread } = decoded;
      const reply = await pipeline.handle(turn);
      try {
        if (reply.kind === "suggestion") return await askPrivately(data.author.id, reply);
        if (reply.kind !== "answer") return;
        const rendered = renderDiscordReply(reply, CONTEXT_MENU_NAME);
        if (!rendered) return;
        const body = {
          ...(rendered.content !== undefined ? { content: rendered.content } : {}),
          ...(rendered.embeds ? { embeds: rendered.embeds } : {}),
          ...(rendered.components ? { components: rendered.components } : {}),
          allowed_mentions: { parse: [] },
        };
        // In a thread (a forum post, one the bot answered in): a reply there. In a channel: a
        // thread started from the question, so the channel stays clean.
        const target = inThread
          ? channel.id
          : (
              (await rest.post(Routes.threads(channel.id, data.id), {
                body: { name: truncate(turn.intent.kind === "channel-message" ? turn.intent.text : "Answer", 100), auto_archive_duration: 1440 },
              })) as APIChannel
            ).id;
        const sent = await post(target, { ...body, ...(inThread ? { message_reference: { message_id: data.id, fail_if_not_exists: false } } : {}) });
        if (reply.answerId !== undefined) {
          await pipeline.noteSent(messageKey(target, sent.id), reply.answerId);
          await pipeline.noteSent(threadKey(target), reply.answerId);
        }
      } finally {
        await pipeline.settle(turn);
      }
    } catch (error) {
      logger.warn({ err: error, messageId: data.id }, "discord: could not answer a channel message");
    }
  };
}
