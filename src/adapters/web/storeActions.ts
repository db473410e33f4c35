import type { ServiceSource } from "../../pipeline/ports.js";
import type { Store } from "../../store/index.js";
import { done, MODERATORS_ONLY, refuse, seesAll, type Actor, type Outcome } from "../../usecases/types.js";
import { scopeOf } from "../../usecases/scope.js";
import { autoAnswerStatus } from "../../usecases/autoAnswer.js";
import { actorHash } from "../../usecases/actorHash.js";
import type { AdminActions } from "./adminActions.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A platform's community: a Discord server or a Telegram group (see usecases/types.ts). */
const COMMUNITY_KEY = /^(discord:\d{17,20}|telegram:-?\d{1,20})$/;
/** A Discord channel or Telegram chat id. */
const CHANNEL_ID = /^-?\d{1,20}$/;

/** The pages' actions that no use case covers yet. */
export type StoreBackedActions = Pick<AdminActions, "overview" | "corpus" | "autoAnswer" | "enableAutoAnswer" | "disableAutoAnswer">;

export interface StoreActionsDeps {
  readonly store: Pick<Store, "gaps" | "autoAnswer" | "hashUser">;
  readonly services: Pick<ServiceSource, "current">;
}

/**
 * The pages' actions that have no use case in src/usecases yet (the
 * overview's figures, the corpus listing), straight over the store and the
 * answer service with the use cases' first check (moderators only). The
 * auto-answer list is the chat's use case; switching it on or off stays
 * here, since the page lets the operator name the community, which the chat
 * command (run in the channel itself) has no need of. The rest are the use
 * cases themselves (useCaseActions).
 */
export function storeActions(deps: StoreActionsDeps): StoreBackedActions {
  const { store, services } = deps;
  const moderator =
    <I, T>(run: (actor: Actor, input: I) => Promise<Outcome<T>>) =>
    (actor: Actor, input?: I): Promise<Outcome<T>> =>
      actor.isModerator ? run(actor, input as I) : Promise.resolve(refuse(MODERATORS_ONLY));
  const auto = store.autoAnswer;
  /** The community an auto-answer action is in: the actor's own; the operator's choice (a platform's community key). */
  const communityFor = (actor: Actor, asked: string | undefined) => (seesAll(actor.community) ? asked?.trim() : actor.community.key);
  const autoActions: Pick<AdminActions, "autoAnswer" | "enableAutoAnswer" | "disableAutoAnswer"> = auto
    ? {
        autoAnswer: (actor) => autoAnswerStatus({ store }, actor),
        enableAutoAnswer: moderator(async (actor, input: { communityKey?: string; channelId: string; threshold?: number }) => {
          const communityKey = communityFor(actor, input.communityKey);
          if (!communityKey || !COMMUNITY_KEY.test(communityKey)) return refuse({ identifier: "auto-community" });
          if (!CHANNEL_ID.test(input.channelId.trim())) return refuse({ identifier: "auto-channel" });
          if (input.threshold !== undefined && !(input.threshold >= 0 && input.threshold <= 1)) return refuse({ identifier: "auto-threshold" });
          await auto.enable({
            communityKey,
            channelId: input.channelId.trim(),
            ...(input.threshold === undefined ? {} : { threshold: input.threshold }),
            enabledBy: actorHash(store, actor),
          });
          return done({ channelId: input.channelId.trim() });
        }),
        disableAutoAnswer: moderator(async (actor, input: { communityKey: string; channelId: string }) => {
          // A moderator switches off only their own community's channels, whatever the form says.
          const communityKey = communityFor(actor, input.communityKey);
          if (!communityKey || !(await auto.disable(communityKey, input.channelId))) return refuse({ identifier: "not-found" });
          return done({ channelId: input.channelId });
        }),
      }
    : {};
  return {
    ...autoActions,
    overview: moderator(async (actor, { days }: { days: number }) =>
      done(await store.gaps.stats({ since: new Date(Date.now() - days * DAY_MS), ...scopeOf(actor) })),
    ),
    corpus: moderator(async () => done({ version: services.current.version, documents: services.current.sources() })),
  };
}
