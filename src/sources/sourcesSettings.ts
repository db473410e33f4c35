import { join } from "node:path";

/** Where the command-line tools keep fetched copies, and whether private addresses may be fetched, from the environment as the bot reads it. */
export function sourcesSettings(env: NodeJS.ProcessEnv = process.env): { cacheDir: string; allowPrivate: boolean } {
  // An empty variable (as copied from .env.example) means "not set".
  return { cacheDir: env.CACHE_DIR || join(env.DATA_DIR || "data", "cache"), allowPrivate: env.SOURCES_ALLOW_PRIVATE === "1" };
}
