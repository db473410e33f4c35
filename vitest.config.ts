import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // End-to-end tests start real discord.js / grammY clients against local fake servers.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
