import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe } from "vitest";
import { postgresConnectionString } from "../../src/db/client.ts";
import { postgresSkip } from "./skip-reasons.ts";

export type TestProvider = "sqlite" | "postgresql";

const POSTGRES_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
/** TEST_DATABASES=postgresql restricts the database tests to one provider (CI's second run). */
const WANTED = (process.env.TEST_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim());

export interface TestDatabase {
  provider: TestProvider;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temporary SQLite file, or a new PostgreSQL schema. */
export async function freshDatabase(provider: TestProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "iml-test-"));
    return {
      provider,
      url: `file:${path.join(dir, "test.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!POSTGRES_URL) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `t_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("schema", schema);
  return {
    provider,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresConnectionString(POSTGRES_URL) });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/**
 * Declares the same suite once per database. PostgreSQL runs when TEST_DATABASE_URL is set;
 * otherwise its suite is reported as skipped, with the reason in its name.
 */
export function describeEachDatabase(title: string, suite: (provider: TestProvider) => void): void {
  if (WANTED.includes("sqlite")) describe(`${title} [sqlite]`, () => suite("sqlite"));
  if (!WANTED.includes("postgresql")) return;
  if (POSTGRES_URL) describe(`${title} [postgresql]`, () => suite("postgresql"));
  // The reason is printed once per run by the global setup; the name repeats it for this suite.
  else if (postgresSkip().skipped)
    describe.skip(`${title} [postgresql: skipped, TEST_DATABASE_URL is not set]`, () => suite("postgresql"));
}
