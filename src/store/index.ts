export type {
  AnswerRecord,
  CitedPassage,
  ClaimOutcome,
  DownvotedAnswer,
  Gap,
  InboxEntry,
  Pin,
  Platform,
  RateBucket,
  RateHit,
  Redeemed,
  LinkRefusal,
  Sessions,
  SessionGrant,
  WebSession,
  Scope,
  ReportData,
  SectionStats,
  TaughtEntry,
  VoteOutcome,
  WaitingQuestion,
  Suggestion,
  SuggestionStatus,
} from "./types.js";
export type { Store } from "./Store.js";
export type { Repositories } from "./repositories/index.js";
export { openStore, STORE_DEFAULTS, type StoreOptions, type StoreTuning } from "./openStore.js";
export { resilientStore, ResilientStore, type ResilienceOptions, type Writability } from "./resilientStore.js";
export { StoreError, type StoreErrorIdentifier } from "./StoreError.js";
export { StoreWriteError } from "./StoreWriteError.js";
export { DEFAULT_STORE_FILE, maskStoreUrl, parseStoreUrl, storeUrlSecrets, type StoreLocation } from "./storeUrl.js";
export { groupGaps, type GapItem } from "./groupGaps.js";
export { newAnswerId } from "./answerId.js";
export { SessionsRepository, SESSION_DEFAULTS, type SessionTuning } from "./sessionsRepository.js";
export { AutoAnswerRepository, type AutoAnswerChannel } from "./autoAnswerRepository.js";
