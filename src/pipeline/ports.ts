import type { AnswerService } from "../answer/AnswerService.js";
import type { Platform } from "./types.js";

/**
 * What the pipeline needs from its surroundings, as narrow interfaces: the
 * living answer service, the store and the metrics each satisfy one, and
 * tests can give small fakes.
 */

export type ReloadOutcome =
  | { readonly ok: true; readonly version: string; readonly ms: number; readonly changed: boolean }
  | { readonly ok: false; readonly error: Error };

/** The current answer service, which a reload may replace at any time. */
export interface ServiceSource {
  readonly current: AnswerService;
  reload?(reason: string): Promise<ReloadOutcome>;
}

export interface CitedPassage {
  readonly documentId: string;
  readonly sectionSlug: string;
  readonly start: number;
  readonly end: number;
}

export interface AnswerRecord {
  readonly id: string;
  readonly platform: Platform;
  readonly userHash: string;
  readonly question: string;
  readonly answered: boolean;
  readonly identifier?: string;
  readonly passages: CitedPassage[];
  readonly missingTerms: string[];
  readonly keyTerms: string[];
  readonly corpusVersion: string;
  readonly createdAt: Date;
}

export interface TaughtRecord {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly moderatorName: string;
  readonly moderatorHash: string;
  readonly platform: Platform;
  readonly createdAt: Date;
}

export interface PinRecord {
  readonly id: number;
  readonly questionKey: string;
  readonly question: string;
  readonly documentId: string;
  readonly sectionSlug: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly moderatorHash: string;
  readonly createdAt: Date;
}

/** The part of the store the pipeline uses. */
export interface PipelineStore {
  hashUser(platform: Platform, userId: string): string;
  recordAnswer(record: AnswerRecord): Promise<void>;
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  vote(answerId: string, userHash: string, value: 1 | -1): Promise<"recorded" | "changed" | "unchanged" | "unknown-answer">;
  gaps(options: { since: Date; limit?: number }): Promise<Array<{ terms: string[]; count: number; examples: string[] }>>;
  mostDownvoted(options: { since: Date; limit?: number }): Promise<Array<{ answerId: string; question: string; down: number; up: number; passages: CitedPassage[] }>>;
  addTaught(entry: Omit<TaughtRecord, "id" | "createdAt">): Promise<TaughtRecord>;
  listTaught(): Promise<TaughtRecord[]>;
  removeTaught(id: number): Promise<boolean>;
  addPin(pin: Omit<PinRecord, "id" | "createdAt">): Promise<PinRecord>;
  findPin(questionKey: string): Promise<PinRecord | undefined>;
  claim(key: string): Promise<boolean>;
  hit(key: string, windowMs: number, limit: number): Promise<{ allowed: boolean; count: number; firstRefusal: boolean }>;
}

/** What the pipeline reports to the metrics. */
export interface PipelineMetrics {
  answered(platform: Platform, outcome: "answered" | "refused", identifier: string | undefined, seconds: number): void;
  voted(value: "up" | "down"): void;
  rateLimited(platform: Platform): void;
}
