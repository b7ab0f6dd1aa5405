import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Matrix end-to-end suites need one database only: they run in the SQLite pass, not
    // again in CI's PostgreSQL pass (TEST_DATABASES=postgresql).
    exclude:
      process.env.TEST_DATABASES === "postgresql"
        ? ["test/integration/matrix*.test.ts", "**/node_modules/**"]
        : ["**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each get their own database; running files in parallel is safe.
    pool: "forks",
    // Prints, once, why suites that need an absent service are skipped and how to run them.
    globalSetup: ["test/support/global-setup.ts"],
  },
});
