import { MAX_TAUGHT_LENGTH } from "../../pipeline/parseArguments.js";
import type { ServiceSource } from "../../pipeline/ports.js";
import type { WebSourceStatus } from "../../pipeline/types.js";
import { StoreWriteError, type Store } from "../../store/index.js";
import { done, MODERATORS_ONLY, refuse, type Actor, type Outcome } from "../../usecases/types.js";
import type { AdminActions, PinView } from "./adminActions.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoreActionsDeps {
  readonly store: Pick<Store, "stats" | "gaps" | "listTaught" | "addTaught" | "removeTaught" | "listPins" | "removePin" | "hashUser">;
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
  return {
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
