import { MAX_TAUGHT_LENGTH } from "../../pipeline/parseArguments.js";
import type { ServiceSource } from "../../pipeline/ports.js";
import type { WebSourceStatus } from "../../pipeline/types.js";
import { StoreWriteError, type Store } from "../../store/index.js";
import { done, MODERATORS_ONLY, refuse, seesAll, type Actor, type Outcome } from "../../usecases/types.js";
import type { AdminActions, PinView } from "./adminActions.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A platform's community: a Discord server or a Telegram group (see usecases/types.ts). */
const COMMUNITY_KEY = /^(discord:\d{17,20}|telegram:-?\d{1,20})$/;
/** A Discord channel or Telegram chat id. */
const CHANNEL_ID = /^-?\d{1,20}$/;

export interface StoreActionsDeps {
  readonly store: Pick<Store, "stats" | "gaps" | "listTaught" | "addTaught" | "removeTaught" | "listPins" | "removePin" | "hashUser" | "autoAnswer">;
  readonly services: ServiceSource;
  readonly webSources?: () => Promise<readonly WebSourceStatus[]>;
}

/**
 * The pages' actions straight over the store and the answer service, with
 * the chat commands' checks (moderators only, lengths, a reload after
 * teaching). A stand-in until the use cases of src/usecases take their
 * place (they add the community scope); the pages call only AdminActions.
 */
export function storeActions(deps: StoreActionsDeps): AdminActions {
  const { store, services } = deps;
  const moderator =
    <I, T>(run: (actor: Actor, input: I) => Promise<Outcome<T>>) =>
    (actor: Actor, input?: I): Promise<Outcome<T>> =>
      actor.isModerator ? run(actor, input as I) : Promise.resolve(refuse(MODERATORS_ONLY));
  const checked = (question: string, answer: string) => {
    if (question.trim() === "" || answer.trim() === "") return refuse({ identifier: "teach-usage" });
    if (question.length > MAX_TAUGHT_LENGTH || answer.length > MAX_TAUGHT_LENGTH) return refuse({ identifier: "teach-too-long" });
    return undefined;
  };
  const teach = moderator(async (actor, input: { question: string; answer: string }) => {
    const refusal = checked(input.question, input.answer);
    if (refusal) return refusal;
    try {
      const entry = await store.addTaught({
        question: input.question.trim(),
        answer: input.answer.trim(),
        moderatorName: actor.displayName,
        moderatorHash: actor.userId,
        platform: actor.platform,
      });
      await services.reload?.("taught answer");
      return done({ id: entry.id });
    } catch (error) {
      if (error instanceof StoreWriteError) return refuse({ identifier: "store-unavailable" });
      throw error;
    }
  });
  const removeTaught = moderator(async (_actor, input: { id: number }) => {
    if (!Number.isInteger(input.id) || input.id <= 0 || !(await store.removeTaught(input.id))) return refuse({ identifier: "untaught-unknown" });
    await services.reload?.("taught answer removed");
    return done({ id: input.id });
  });
  const auto = store.autoAnswer;
  /** The community an auto-answer action is in: the actor's own; the operator's choice (a platform's community key). */
  const communityFor = (actor: Actor, asked: string | undefined) => (seesAll(actor.community) ? asked?.trim() : actor.community.key);
  const autoActions: Pick<AdminActions, "autoAnswer" | "enableAutoAnswer" | "disableAutoAnswer"> = auto
    ? {
        autoAnswer: moderator(async (actor) => {
          const channels = await auto.channels(seesAll(actor.community) ? undefined : actor.community.key);
          return done(
            channels.map((channel) => ({
              communityKey: channel.communityKey,
              channelId: channel.channelId,
              ...(channel.threshold === undefined ? {} : { threshold: channel.threshold }),
              enabledAt: channel.enabledAt,
            })),
          );
        }),
        enableAutoAnswer: moderator(async (actor, input: { communityKey?: string; channelId: string; threshold?: number }) => {
          const communityKey = communityFor(actor, input.communityKey);
          if (!communityKey || !COMMUNITY_KEY.test(communityKey)) return refuse({ identifier: "auto-community" });
          if (!CHANNEL_ID.test(input.channelId.trim())) return refuse({ identifier: "auto-channel" });
          if (input.threshold !== undefined && !(input.threshold >= 0 && input.threshold <= 1)) return refuse({ identifier: "auto-threshold" });
          await auto.enable({
            communityKey,
            channelId: input.channelId.trim(),
            ...(input.threshold === undefined ? {} : { threshold: input.threshold }),
            enabledBy: actor.userId,
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
    overview: moderator(async (_actor, { days }: { days: number }) => done(await store.stats({ since: new Date(Date.now() - days * DAY_MS) }))),
    knowledgeGaps: moderator(async (_actor, { days }: { days: number }) => done(await store.gaps({ since: new Date(Date.now() - days * DAY_MS), limit: 20 }))),
    listTaught: moderator(async () => done(await store.listTaught())),
    teach,
    // The store has no update yet: an edit is the new answer taught, then the old one removed.
    editTaught: moderator(async (actor, input: { id: number; question: string; answer: string }) => {
      const known = (await store.listTaught()).some((entry) => entry.id === input.id);
      if (!known) return refuse({ identifier: "untaught-unknown" });
      const taught = await teach(actor, input);
      if (!taught.ok) return taught;
      await removeTaught(actor, { id: input.id });
      return taught;
    }),
    removeTaught,
    listPins: moderator(async () => {
      const service = services.current;
      const pins = await store.listPins();
      return done(
        pins.map((pin): PinView => ({
          questionKey: pin.questionKey,
          question: pin.question,
          text: pin.text,
          documentId: pin.documentId,
          sectionSlug: pin.sectionSlug,
          holds: service.quoteAt(pin.documentId, pin.start, pin.end)?.text === pin.text,
          createdAt: pin.createdAt,
        })),
      );
    }),
    unpin: moderator(async (_actor, input: { questionKey: string }) =>
      (await store.removePin(input.questionKey)) ? done({ questionKey: input.questionKey }) : refuse({ identifier: "not-found" }),
    ),
    listSources: moderator(async () => done({ documents: services.current.sources(), web: (await deps.webSources?.().catch(() => undefined)) ?? [] })),
    corpus: moderator(async () => done({ version: services.current.version, documents: services.current.sources() })),
    reloadCorpus: moderator(async () => {
      if (!services.reload) return refuse({ identifier: "reload-unavailable" });
      const outcome = await services.reload("web page");
      return outcome.ok ? done({ version: outcome.version, changed: outcome.changed }) : refuse({ identifier: "reload-failed" });
    }),
  };
}
