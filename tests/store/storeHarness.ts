import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type StoreOptions } from "../../src/store/index.js";
import type { ResilientStore } from "../../src/store/resilientStore.js";
import { freshPostgresUrl } from "./postgresDatabase.js";

export type Engine = "sqlite" | "postgres";

/** A place for one test's store: a SQLite file in a new temp folder, or a new PostgreSQL database. */
export interface StoreSite {
  url: string;
  dataDir: string;
  open(options?: Partial<StoreOptions>): Promise<ResilientStore>;
  cleanup(): Promise<void>;
}

export async function newSite(engine: Engine): Promise<StoreSite> {
  const dataDir = await mkdtemp(join(tmpdir(), "cited-store-"));
  const url = engine === "sqlite" ? `sqlite:${join(dataDir, "db", "cited.db")}` : await freshPostgresUrl();
  const opened: ResilientStore[] = [];
  return {
    url,
    dataDir,
    async open(options = {}) {
      const store = await openStore({ url, dataDir, pruneEveryMs: 0, ...options });
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
