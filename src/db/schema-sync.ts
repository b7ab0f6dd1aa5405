import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../core/project-root.ts";

/**
 * The PostgreSQL schema is derived from the SQLite one: only the provider, the placeholder URL and
 * the client's output folder differ. Anything else that differs is drift.
 */
const ROOT = projectRoot(import.meta.url);
export const SQLITE_SCHEMA = path.join(ROOT, "prisma/sqlite/schema.prisma");
export const POSTGRES_SCHEMA = path.join(ROOT, "prisma/postgresql/schema.prisma");

export function postgresSchemaFrom(sqliteSchema: string): string {
  return sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('"file:./unused.db"', '"postgresql://unused"')
    .replace("generated/sqlite", "generated/postgresql");
}

export function migrationNames(provider: "sqlite" | "postgresql"): string[] {
  const dir = path.join(ROOT, "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Every way the two databases' definitions disagree; empty when they are in step. */
export function schemaDrift(): string[] {
  const problems: string[] = [];
  const expected = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
  if (readFileSync(POSTGRES_SCHEMA, "utf8") !== expected) {
    problems.push(
      "prisma/postgresql/schema.prisma differs from prisma/sqlite/schema.prisma beyond the provider: run `npm run db:schemas`",
    );
  }
  const sqlite = migrationNames("sqlite");
  const postgres = migrationNames("postgresql");
  const onlySqlite = sqlite.filter((n) => !postgres.includes(n));
  const onlyPostgres = postgres.filter((n) => !sqlite.includes(n));
  if (onlySqlite.length > 0) problems.push(`migrations only in prisma/sqlite: ${onlySqlite.join(", ")}`);
  if (onlyPostgres.length > 0) problems.push(`migrations only in prisma/postgresql: ${onlyPostgres.join(", ")}`);
  return problems;
}
