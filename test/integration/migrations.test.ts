import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { migrate, MigrationError, readMigrations } from "../../src/db/migrate.ts";
import { postgresConnectionString, postgresSchema, sqlitePath } from "../../src/db/client.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

async function recorded(db: TestDatabase): Promise<{ migration_name: string; checksum: string; finished: boolean }[]> {
  const sql = `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`;
  if (db.provider === "sqlite") {
    const conn = new BetterSqlite3(sqlitePath(db.url));
    const rows = conn.prepare(sql).all() as { migration_name: string; checksum: string; finished: number }[];
    conn.close();
    return rows.map((r) => ({ ...r, finished: r.finished === 1 }));
  }
  const client = new pg.Client({ connectionString: postgresConnectionString(db.url) });
  await client.connect();
  await client.query(`SET search_path TO "${postgresSchema(db.url)}"`);
  const { rows } = await client.query<{ migration_name: string; checksum: string; finished: boolean }>(sql);
  await client.end();
  return rows;
}

describeEachDatabase("migrations", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(provider);
  });
  afterAll(async () => db?.drop());

  it("applies every migration and records it as Prisma does", async () => {
    const files = readMigrations(provider);
    const report = await migrate(db.url);
    expect(report.applied).toEqual(files.map((f) => f.name));
    expect(await recorded(db)).toEqual(
      files.map((f) => ({ migration_name: f.name, checksum: f.checksum, finished: true })),
    );
  });

  it("is safe to run from two processes at once", async () => {
    const other = await freshDatabase(provider);
    try {
      const [a, b] = await Promise.all([migrate(other.url), migrate(other.url)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(readMigrations(provider).map((f) => f.name));
      expect(await recorded(other)).toHaveLength(readMigrations(provider).length);
    } finally {
      await other.drop();
    }
  });

  it("refuses to run over a migration changed after it was applied", async () => {
    const first = readMigrations(provider)[0];
    if (!first) throw new Error("no migration");
    if (provider === "sqlite") {
      const conn = new BetterSqlite3(sqlitePath(db.url));
      conn.prepare(`UPDATE "_prisma_migrations" SET checksum = 'tampered' WHERE migration_name = ?`).run(first.name);
      conn.close();
    } else {
      const client = new pg.Client({ connectionString: postgresConnectionString(db.url) });
      await client.connect();
      await client.query(
        `UPDATE "${postgresSchema(db.url)}"."_prisma_migrations" SET checksum = 'tampered' WHERE migration_name = $1`,
        [first.name],
      );
      await client.end();
    }
    await expect(migrate(db.url)).rejects.toThrow(MigrationError);
  });

  if (provider === "sqlite") {
    it("leaves a database the Prisma CLI calls up to date", async () => {
      const fresh = await freshDatabase("sqlite");
      try {
        await migrate(fresh.url);
        const status = spawnSync(
          process.execPath,
          ["node_modules/prisma/build/index.js", "migrate", "status", "--config", "prisma/sqlite/prisma.config.ts"],
          {
            env: { ...process.env, PRISMA_CLI_SQLITE_URL: fresh.url },
            encoding: "utf8",
          },
        );
        expect(status.stdout + status.stderr).toContain("Database schema is up to date");
        expect(status.status).toBe(0);
      } finally {
        await fresh.drop();
      }
    });
  }
});
