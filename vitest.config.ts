import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each get their own database; running files in parallel is safe.
    pool: "forks",
    // Prints, once, why suites that need an absent service are skipped and how to run them.
    globalSetup: ["test/support/global-setup.ts"],
  },
});
