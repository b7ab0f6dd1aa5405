import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import type { DatabaseHealth } from "../core/database-health.ts";
import { postgresConnectionString, postgresSchema, sqlitePath, type Database } from "./client.ts";
import { APPLIED_MIGRATIONS_SQL, MigrationError, pendingMigrations } from "./migrate.ts";

/**
 * Prisma's codes for a database that cannot be reached, stopped answering or is busy: not
 * reachable, timed out, connection closed, no connection free in time, transaction not started
 * in time.
 */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** What node-postgres, the network and SQLite say in those cases, however Prisma wraps it. */
const UNAVAILABLE_TEXT =
  /timeout exceeded when trying to connect|connection timeout|query read timeout|connection terminated|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|statement timeout|database is locked|SQLITE_BUSY|Client has encountered a connection error|Can't reach database server|terminating connection|the database system is (starting up|shutting down)/i;
/** PostgreSQL's own: query cancelled (statement_timeout), shutting down, connection exceptions. */
const UNAVAILABLE_SQLSTATE = /^(57014|57P0[1-3]|08\d\d\d|53300)$/;

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** True when an error (or what it wraps) means the database did not answer. */
function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    const code = fieldOf(current, "code");
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    const originalCode =
      fieldOf(fieldOf(current, "meta"), "code") ?? fieldOf(fieldOf(current, "cause"), "originalCode");
    if (typeof originalCode === "string" && UNAVAILABLE_SQLSTATE.test(originalCode)) return true;
    const kind = fieldOf(fieldOf(current, "cause"), "kind");
    if (kind === "DatabaseNotReachable" || kind === "SocketTimeout" || kind === "ConnectionClosed") return true;
    const message = fieldOf(current, "message");
    if (typeof message === "string" && UNAVAILABLE_TEXT.test(message)) return true;
    current = fieldOf(current, "cause");
  }
  return false;
}

function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  return Promise.race([
    work,
    new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface DatabaseProbe extends DatabaseHealth {
  /** Ready to serve: the database answers within `ms` and every migration is applied. */
  readiness(ms: number): Promise<Readiness>;
  close(): void;
}

type AppliedRow = { migration_name: string; checksum: string };

/** How long a probe's own connection may live: the caller stops waiting far sooner. */
const PROBE_CONNECTION_MS = 3000;

/**
 * One question on a connection of its own, closed after: a pool busy with long reports does not
 * make the database look silent, and a connection cut by an outage is never reused.
 */
async function postgresRows(url: string, driver: typeof pg): Promise<AppliedRow[]> {
  const client = new driver.Client({
    connectionString: postgresConnectionString(url),
    connectionTimeoutMillis: PROBE_CONNECTION_MS,
    query_timeout: PROBE_CONNECTION_MS,
    options: `-c search_path="${postgresSchema(url).replace(/"/g, "")}"`,
  });
  // A connection that fails after the answer (an outage) must not surface as an unhandled error.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.query<AppliedRow>(APPLIED_MIGRATIONS_SQL)).rows;
  } finally {
    void client.end().catch(() => undefined);
  }
}

/**
 * Asks the database a trivial question, past the bot's own queue of work: on PostgreSQL on a
 * connection of its own, outside the pool; on SQLite on a read-only connection of its own, which
 * reads past the bot's queue of statements and past another process's write lock (WAL).
 */
export function databaseProbe(database: Database): DatabaseProbe {
  let sqlite: BetterSqlite3.Database | undefined;
  const appliedRows = async (): Promise<AppliedRow[]> => {
    // The provider's driver only, as the client loads it (src/db/client.ts).
    if (database.provider === "postgresql") return postgresRows(database.url, (await import("pg")).default);
    if (sqlitePath(database.url) === ":memory:")
      return database.prisma.$queryRawUnsafe<AppliedRow[]>(APPLIED_MIGRATIONS_SQL);
    if (!sqlite) {
      const { default: open } = await import("better-sqlite3");
      sqlite = new open(sqlitePath(database.url), { readonly: true, fileMustExist: true, timeout: 0 });
    }
    return sqlite.prepare(APPLIED_MIGRATIONS_SQL).all() as AppliedRow[];
  };
  // Concurrent commands share one question rather than each asking its own.
  let asking: Promise<AppliedRow[]> | undefined;
  const ask = () => {
    asking ??= appliedRows().finally(() => {
      asking = undefined;
    });
    return asking;
  };
  return {
    isUnavailable: isDatabaseUnavailable,
    answers: (ms) =>
      within(
        ask().then(
          () => true,
          () => false,
        ),
        ms,
        false,
      ),
    async readiness(ms) {
      const rows = await within(
        ask().catch((error: unknown) => (isDatabaseUnavailable(error) ? null : error)),
        ms,
        null,
      );
      if (rows === null) return { ready: false, reason: "database_unavailable" };
      if (!Array.isArray(rows)) return { ready: false, reason: "database_error" };
      try {
        const pending = pendingMigrations(database.provider, rows);
        return pending.length === 0
          ? { ready: true }
          : { ready: false, reason: `migrations_pending:${pending.length}` };
      } catch (error) {
        return { ready: false, reason: error instanceof MigrationError ? "migrations_mismatch" : "database_error" };
      }
    },
    close() {
      sqlite?.close();
      sqlite = undefined;
    },
  };
}
