import type { Store } from "../../store/index.js";
import { editTaught } from "../../usecases/editTaught.js";
import { knowledgeGaps } from "../../usecases/knowledgeGaps.js";
import { listPins } from "../../usecases/listPins.js";
import { listSources } from "../../usecases/listSources.js";
import { listTaught } from "../../usecases/listTaught.js";
import { fetchSourceNow } from "../../usecases/fetchSourceNow.js";
import type { FetchWebSource, ServiceSource, WebSources } from "../../usecases/ports.js";
import { reloadCorpus } from "../../usecases/reloadCorpus.js";
import { removeTaught } from "../../usecases/removeTaught.js";
import { decideSuggestion, listSuggestions, suggestionItem } from "../../usecases/suggestions.js";
import { teach } from "../../usecases/teach.js";
import { done, type Outcome, type Refusal } from "../../usecases/types.js";
import { unpin } from "../../usecases/unpin.js";
import type { AdminActions } from "./adminActions.js";
import { storeActions } from "./storeActions.js";

export interface UseCaseActionsDeps {
  readonly store: Store;
  readonly services: ServiceSource;
  readonly webSources?: WebSources;
  readonly fetchSource?: FetchWebSource;
}

/** The value of an outcome, reshaped for the page; a refusal passes through as it is. */
function mapped<T, U>(outcome: Outcome<T, Refusal>, shape: (value: T) => U): Outcome<U> {
  return outcome.ok ? done(shape(outcome.value)) : outcome;
}

/**
 * The pages' actions: the same use cases the chat commands call (src/usecases),
 * so both share checks and effect. What has no use case yet (the overview's
 * figures, the corpus listing, auto-answer settings) comes from storeActions.
 */
export function useCaseActions(deps: UseCaseActionsDeps): AdminActions {
  const { store, services } = deps;
  return {
    ...storeActions({ store, services }),
    knowledgeGaps: async (actor, input) =>
      mapped(await knowledgeGaps({ store, service: services.current }, actor, input), ({ waiting, gaps }) => ({ waiting, gaps })),
    listSuggestions: async (actor) => mapped(await listSuggestions({ store }, actor, { limit: 50 }), (found) => found.map(suggestionItem)),
    decideSuggestion: async (actor, input) => mapped(await decideSuggestion({ store, services }, actor, input), ({ suggestion }) => ({ id: suggestion.id })),
    listTaught: (actor) => listTaught({ store }, actor),
    teach: async (actor, input) => mapped(await teach({ store, services }, actor, input), (entry) => ({ id: entry.id })),
    editTaught: async (actor, input) => mapped(await editTaught({ store, services }, actor, input), (entry) => ({ id: entry.id })),
    removeTaught: (actor, input) => removeTaught({ store, services }, actor, input),
    listPins: async (actor) =>
      mapped(await listPins({ store, services }, actor), (pins) =>
        pins.map(({ pin, holds }) => ({
          questionKey: pin.questionKey,
          question: pin.question,
          text: pin.text,
          documentId: pin.documentId,
          sectionSlug: pin.sectionSlug,
          holds,
          createdAt: pin.createdAt,
        })),
      ),
    unpin: (actor, input) => unpin({ store }, actor, input),
    listSources: async (actor) =>
      mapped(await listSources({ services, ...(deps.webSources ? { webSources: deps.webSources } : {}) }, actor), (sources) => ({
        documents: sources.documents,
        web: sources.web ?? [],
      })),
    fetchSourceNow: async (actor, input) =>
      mapped(await fetchSourceNow({ ...(deps.fetchSource ? { fetchSource: deps.fetchSource } : {}) }, actor, input), (report) => ({
        url: report.url,
        failed: report.result === "failed",
      })),
    reloadCorpus: async (actor) =>
      mapped(await reloadCorpus({ services }, actor, { reason: "the moderators' page" }), (reloaded) => ({
        version: reloaded.version,
        changed: reloaded.changed,
      })),
  };
}
