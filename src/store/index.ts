export type {
  AnswerRecord,
  CitedPassage,
  ClaimOutcome,
  DownvotedAnswer,
  Gap,
  InboxEntry,
  Pin,
  Platform,
  RateHit,
  ReportData,
  SectionStats,
  Store,
  TaughtEntry,
  VoteOutcome,
} from "./types.js";
export { openStore, STORE_DEFAULTS, type StoreOptions, type StoreTuning } from "./openStore.js";
export { resilientStore, ResilientStore, type ResilienceOptions } from "./resilientStore.js";
export { StoreError, type StoreErrorIdentifier } from "./StoreError.js";
export { DEFAULT_STORE_URL, maskStoreUrl, parseStoreUrl } from "./storeUrl.js";
export { groupGaps, type GapItem } from "./groupGaps.js";
export { newAnswerId } from "./answerId.js";
