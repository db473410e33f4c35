import { afterEach, beforeEach, describe } from "vitest";
import { newAnswerId, type AnswerRecord, type Store } from "../../../src/store/index.js";
import { withPostgres } from "../postgresDatabase.js";
import { newSite, type Engine, type StoreSite } from "../storeHarness.js";

/** Both engines when PostgreSQL could start, else SQLite alone (the run says why once). */
export const ENGINES: readonly Engine[] = withPostgres ? ["sqlite", "postgres"] : ["sqlite"];

export const LEASE = 60_000;
export const DAY = 24 * 60 * 60 * 1000;
export const NOW = Date.now();

/** What one test of a contract works on: a fresh database of its engine, and the store opened on it. */
export interface ContractStore {
  readonly engine: Engine;
  readonly site: StoreSite;
  readonly store: Store;
}

/**
 * Declares a repository's contract: `tests` run once per engine, each test
 * on a fresh database (`current()` gives it), so SQLite and PostgreSQL are
 * held to the same behaviour by the same assertions.
 */
export function storeContract(name: string, tests: (current: () => ContractStore) => void): void {
  describe.each<Engine>([...ENGINES])(`${name} (%s)`, (engine) => {
    let opened: ContractStore | undefined;
    beforeEach(async () => {
      const site = await newSite(engine);
      opened = { engine, site, store: await site.open() };
    });
    afterEach(async () => {
      await opened?.site.cleanup();
      opened = undefined;
    });
    tests(() => {
      if (!opened) throw new Error("no store outside a test");
      return opened;
    });
  });
}

export function answer(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    id: newAnswerId(),
    platform: "telegram",
    community: "console",
    userHash: "u1",
    question: "Who commands the ISF?",
    answered: true,
    passages: [{ documentId: "article", sectionSlug: "leadership", start: 10, end: 80 }],
    missingTerms: [],
    keyTerms: ["command", "isf"],
    corpusVersion: "v1",
    createdAt: new Date(NOW - 60_000),
    ...overrides,
  };
}

export function refusal(question: string, keyTerms: string[], overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return answer({ question, keyTerms, answered: false, identifier: "not-in-corpus", passages: [], ...overrides });
}
