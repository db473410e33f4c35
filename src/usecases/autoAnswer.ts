import type { AutoAnswerChannel, Store } from "../store/index.js";
import { actorHash } from "./actorHash.js";
import { done, MODERATORS_ONLY, refuse, seesAll, STORE_UNAVAILABLE, type Actor, type Outcome } from "./types.js";

/** What the auto-answer use cases need of the store. */
export type AutoAnswerDeps = { readonly store?: Pick<Store, "autoAnswer" | "hashUser"> | undefined };

/** A channel where the bot answers on its own, as a moderator sees it. */
export interface AutoAnswerSetting {
  readonly communityKey: string;
  readonly channelId: string;
  /** The channel's own threshold; absent: the default. */
  readonly threshold?: number;
  readonly enabledAt: Date;
}

export const BAD_THRESHOLD = { identifier: "autoanswer-threshold" } as const;
/** Auto-answering is per channel of a community: not in private chats. */
export const NOT_IN_A_CHANNEL = { identifier: "autoanswer-not-here" } as const;

export interface SetAutoAnswerInput {
  readonly channelId: string;
  readonly on: boolean;
  /** Least confidence, in (0, 1]; absent: the default. */
  readonly threshold?: number;
}

/** Turns answering without being asked on or off in a channel of the moderator's community. */
export async function setAutoAnswer(
  deps: AutoAnswerDeps,
  actor: Actor,
  input: SetAutoAnswerInput,
): Promise<Outcome<{ channelId: string; on: boolean; threshold?: number }>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const repository = deps.store?.autoAnswer;
  if (!deps.store || !repository) return refuse(STORE_UNAVAILABLE);
  if (!isChannelCommunity(actor)) return refuse(NOT_IN_A_CHANNEL);
  const { channelId, on, threshold } = input;
  if (!on) {
    await repository.disable(actor.community.key, channelId);
    return done({ channelId, on: false });
  }
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold > 0 && threshold <= 1)) return refuse(BAD_THRESHOLD);
  await repository.enable({
    communityKey: actor.community.key,
    channelId,
    ...(threshold !== undefined ? { threshold } : {}),
    enabledBy: actorHash(deps.store, actor),
  });
  return done({ channelId, on: true, ...(threshold !== undefined ? { threshold } : {}) });
}

/** Where auto-answering is on: in the moderator's community (the operator: everywhere). */
export async function autoAnswerStatus(deps: AutoAnswerDeps, actor: Actor): Promise<Outcome<readonly AutoAnswerSetting[]>> {
  if (!actor.isModerator) return refuse(MODERATORS_ONLY);
  const repository = deps.store?.autoAnswer;
  if (!repository) return refuse(STORE_UNAVAILABLE);
  const channels = await repository.channels(seesAll(actor.community) ? undefined : actor.community.key);
  return done(channels.map(toSetting));
}

/** The bot never answers this person on its own again (and keeps nothing of their messages). */
export async function optOut(deps: AutoAnswerDeps, actor: Actor): Promise<Outcome<{ optedOut: true }>> {
  const repository = deps.store?.autoAnswer;
  if (!deps.store || !repository) return refuse(STORE_UNAVAILABLE);
  await repository.optOut(actorHash(deps.store, actor));
  return done({ optedOut: true });
}

/** Undoes {@link optOut}; resolves to whether they had opted out. */
export async function optIn(deps: AutoAnswerDeps, actor: Actor): Promise<Outcome<{ wasOptedOut: boolean }>> {
  const repository = deps.store?.autoAnswer;
  if (!deps.store || !repository) return refuse(STORE_UNAVAILABLE);
  return done({ wasOptedOut: await repository.optIn(actorHash(deps.store, actor)) });
}

function isChannelCommunity(actor: Actor): boolean {
  const { key } = actor.community;
  return !seesAll(actor.community) && key !== "telegram:private" && !key.startsWith("discord:dm:");
}

function toSetting(channel: AutoAnswerChannel): AutoAnswerSetting {
  return {
    communityKey: channel.communityKey,
    channelId: channel.channelId,
    ...(channel.threshold !== undefined ? { threshold: channel.threshold } : {}),
    enabledAt: channel.enabledAt,
  };
}
