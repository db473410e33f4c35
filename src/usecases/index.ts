/** The use cases, for callers that take several (the chat handlers, the web routes). */
export { editTaught, type EditTaughtDeps, type EditTaughtRefusal } from "./editTaught.js";
export { fetchSourceNow, type FetchSourceNowDeps, type FetchSourceNowRefusal } from "./fetchSourceNow.js";
export { knowledgeGaps, type DownvotedAnswerView, type KnowledgeGap, type KnowledgeGaps, type KnowledgeGapsDeps } from "./knowledgeGaps.js";
export { listPins, type ListPinsDeps, type PinStatus } from "./listPins.js";
export { listSources, type ListSourcesDeps, type SourcesList } from "./listSources.js";
export { listTaught, type ListTaughtDeps } from "./listTaught.js";
export { pinAnswer, type PinAnswerDeps, type PinAnswerRefusal, type PinAnswerResult, type PinCandidate } from "./pinAnswer.js";
export type { FetchWebSource, ReloadOutcome, ServiceSource, StoreOf, WebSourceFetch, WebSources, WebSourceStatus } from "./ports.js";
export { reloadCorpus, type ReloadCorpusDeps, type ReloadCorpusRefusal } from "./reloadCorpus.js";
export { removeTaught, type RemoveTaughtDeps, type RemoveTaughtRefusal } from "./removeTaught.js";
export { decideSuggestion, listSuggestions, type DecideSuggestionRefusal, type SuggestionDecision, type SuggestionsDeps } from "./suggestions.js";
export { MAX_TAUGHT_LENGTH } from "./taughtLimits.js";
export { teach, taughtTextRefusal, type TaughtTextRefusal, type TeachDeps } from "./teach.js";
export {
  done,
  refuse,
  seesAll,
  MODERATORS_ONLY,
  OPERATOR_COMMUNITY,
  STORE_UNAVAILABLE,
  type Actor,
  type Community,
  type Outcome,
  type Refusal,
} from "./types.js";
export { unpin, type UnpinDeps, type UnpinRefusal } from "./unpin.js";
