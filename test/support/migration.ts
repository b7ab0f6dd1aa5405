import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { postgresConnectionString, postgresSchema, sqlitePath } from "../../src/db/client.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import type { TestDatabase } from "./databases.ts";

/**
 * Runs one migration over rows an earlier version stored: applies every migration before it,
 * inserts `rows`, applies it, and returns what each query then reads.
 */
export async function migrateOver(
  db: TestDatabase,
  migration: string,
  rows: readonly string[],
  queries: readonly string[],
): Promise<unknown[][]> {
  const files = readMigrations(db.provider);
  const before = files.filter((f) => f.name < migration);
  const mine = files.find((f) => f.name === migration);
  if (!mine) throw new Error(`migration ${migration} missing`);
  if (db.provider === "sqlite") {
    const conn = new BetterSqlite3(sqlitePath(db.url));
    try {
      for (const file of before) conn.exec(file.sql);
      for (const row of rows) conn.exec(row);
      conn.exec(mine.sql);
      return queries.map((q) => conn.prepare(q).all());
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: postgresConnectionString(db.url) });
  await client.connect();
  try {
    const schema = postgresSchema(db.url);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}"`);
    for (const file of before) await client.query(file.sql);
    for (const row of rows) await client.query(row);
    await client.query(mine.sql);
    const out: unknown[][] = [];
    for (const q of queries) out.push((await client.query(q)).rows);
    return out;
  } finally {
    await client.end();
  }
}
