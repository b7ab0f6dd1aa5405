import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { projectRoot } from "../core/project-root.ts";
import { postgresConnectionString, postgresSchema, providerOf, sqlitePath, type Provider } from "./client.ts";

/**
 * Applies the SQL files of prisma/<provider>/migrations in order and records each one in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, sha256 checksum,
 * timestamps, step count), so the Prisma CLI agrees on the state of the database.
 *
 * Why not `prisma migrate deploy`: without native engines it must go through a driver adapter,
 * and through @prisma/adapter-pg every migrate command fails on PostgreSQL (prisma/orm#27403).
 * One runner for both providers keeps them behaving alike.
 */
const ROOT = projectRoot(import.meta.url);
// The advisory lock key Prisma itself takes while migrating, so a Prisma CLI run and ours exclude each other.
const PRISMA_ADVISORY_LOCK = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export function migrationsDir(provider: Provider): string {
  return path.join(ROOT, "prisma", provider, "migrations");
}

export function readMigrations(provider: Provider): MigrationFile[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

function checkApplied(files: MigrationFile[], applied: Map<string, string>): MigrationFile[] {
  for (const [name, checksum] of applied) {
    const file = files.find((f) => f.name === name);
    if (!file)
      throw new MigrationError(
        `Migration ${name} is recorded in the database but missing from prisma/: is this an older version of the bot?`,
      );
    if (file.checksum !== checksum)
      throw new MigrationError(
        `Migration ${name} was modified after it was applied; restore it and add a new migration instead.`,
      );
  }
  return files.filter((f) => !applied.has(f.name));
}

/**
 * Migrations not yet applied, from the rows of `_prisma_migrations` as the running bot reads them
 * (the readiness check); throws MigrationError when the two disagree, as the runner would.
 */
export function pendingMigrations(
  provider: Provider,
  applied: readonly { migration_name: string; checksum: string }[],
) {
  return checkApplied(readMigrations(provider), new Map(applied.map((r) => [r.migration_name, r.checksum]))).map(
    (m) => m.name,
  );
}

export const APPLIED_MIGRATIONS_SQL = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`;

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function migrateSqlite(url: string, files: MigrationFile[], open: typeof BetterSqlite3): MigrationReport {
  const file = sqlitePath(url);
  // A fresh clone has no data/ folder yet: the database file is created with its folder.
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new open(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    const rows = db.prepare(APPLIED_MIGRATIONS_SQL).all() as { migration_name: string; checksum: string }[];
    const pending = checkApplied(files, new Map(rows.map((r) => [r.migration_name, r.checksum])));
    for (const migration of pending) {
      // IMMEDIATE takes the write lock at once: a second process waits instead of applying twice.
      db.exec("BEGIN IMMEDIATE");
      try {
        const done = db
          .prepare(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL`)
          .get(migration.name);
        if (!done) {
          const startedAt = Date.now();
          db.exec(migration.sql);
          db.prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          ).run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
        }
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
  } finally {
    db.close();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function migratePostgres(url: string, files: MigrationFile[], driver: typeof pg): Promise<MigrationReport> {
  const schema = postgresSchema(url);
  const client = new driver.Client({ connectionString: postgresConnectionString(url) });
  await client.connect();
  try {
    // Lock first: even CREATE SCHEMA IF NOT EXISTS races between two starting instances.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum"              VARCHAR(64) NOT NULL,
        "finished_at"           TIMESTAMPTZ,
        "migration_name"        VARCHAR(255) NOT NULL,
        "logs"                  TEXT,
        "rolled_back_at"        TIMESTAMPTZ,
        "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
      )`);
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(APPLIED_MIGRATIONS_SQL);
      const pending = checkApplied(files, new Map(rows.map((r) => [r.migration_name, r.checksum])));
      for (const migration of pending) {
        // PostgreSQL DDL is transactional: a failing migration leaves nothing behind.
        await client.query("BEGIN");
        try {
          const startedAt = new Date();
          // Prisma's generated SQL creates "public" explicitly; in another schema that line is moot.
          await client.query(migration.sql.replace(/^CREATE SCHEMA IF NOT EXISTS "public";$/m, ""));
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
        }
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}

export async function migrate(url: string): Promise<MigrationReport> {
  const provider = providerOf(url);
  const files = readMigrations(provider);
  // Only the provider's driver is loaded: start-up on SQLite does not load pg, nor PostgreSQL SQLite.
  if (provider === "sqlite") return migrateSqlite(url, files, (await import("better-sqlite3")).default);
  return migratePostgres(url, files, (await import("pg")).default);
}
