import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
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

/** Written by scripts/synapse/setup.sh once its homeserver runs. */
export const MATRIX_ACCOUNTS_FILE = "/opt/synapse-test/run/accounts.env";
export const MATRIX_SETUP_COMMAND = "sudo scripts/synapse/setup.sh";

/** The Synapse of the Matrix end-to-end suite: its accounts file, and its process alive. */
export function matrixSkip(env: NodeJS.ProcessEnv = process.env): SkipReason {
  const accounts = env.MATRIX_TEST_ACCOUNTS ?? MATRIX_ACCOUNTS_FILE;
  const wanted = (env.TEST_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim());
  let missing: string | null = existsSync(accounts) ? null : `${accounts} is missing`;
  if (!missing && !env.MATRIX_TEST_ACCOUNTS) {
    const pidFile = path.join(path.dirname(accounts), "synapse.pid");
    try {
      process.kill(Number(readFileSync(pidFile, "utf8").trim()), 0);
    } catch {
      missing = "its homeserver is not running";
    }
  }
  return {
    // The suite runs in the SQLite pass only: one database is enough to drive the bot.
    skipped: wanted.includes("sqlite") && missing !== null,
    line: `Matrix end-to-end suite skipped: no Synapse (${missing ?? "?"}). To run it, as root: ${MATRIX_SETUP_COMMAND} (then npm test).`,
  };
}

/** Every optional service the suites know about; a new one adds its function here. */
export function skipReasons(env: NodeJS.ProcessEnv = process.env): SkipReason[] {
  return [postgresSkip(env), matrixSkip(env)];
}
