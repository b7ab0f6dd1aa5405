/**
 * Suites that need a service this machine may not have skip with a reason. The reasons are
 * listed here once, so the run prints each one a single time (from the global setup) and the
 * suites use the same words in their names.
 */
export interface SkipReason {
  /** Whether the suites that need it are skipped in this run. */
  skipped: boolean;
  /** One line: what is missing and how to run those suites. */
  line: string;
}

export function postgresSkip(env: NodeJS.ProcessEnv = process.env): SkipReason {
  const wanted = (env.TEST_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim());
  return {
    skipped: wanted.includes("postgresql") && !env.TEST_DATABASE_URL?.trim(),
    line:
      "PostgreSQL suites skipped: TEST_DATABASE_URL is not set. To run them, start PostgreSQL and run " +
      "TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm test (as CI does).",
  };
}

/** Every optional service the suites know about; a new one adds its function here. */
export function skipReasons(env: NodeJS.ProcessEnv = process.env): SkipReason[] {
  return [postgresSkip(env)];
}
