import { afterAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { migrateOver } from "../support/migration.ts";

const MIGRATION = "20261204000100_ledger_rows_in_digest";

// A reminder's posting is kept on its digest's outbox row: the rows a digest carries, posted or
// not, become "in_digest"; leases, notices, rows waiting for a digest and rows given up keep theirs.
describeEachDatabase("the migration giving ledger rows to their digests", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  const row = (id: string, key: string, kind: string, digestId: string | null, status: string) =>
    `('${id}','t1','${key}','${kind}','S','${kind === "lease" ? "" : "C1"}',${digestId ? `'${digestId}'` : "NULL"},'${status}')`;
  const rows = [
    `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un')`,
    `INSERT INTO "ReminderDelivery" ("id","territoryId","key","kind","subjectRef","channelId","digestId","status") VALUES
       ${[
         row("r1", "a", "bilan_soon", "d1", "sent"),
         row("r2", "b", "bilan_soon", "d2", "pending"),
         row("r3", "c", "suivi_due", null, "pending"),
         row("r4", "d", "suivi_due", "d3", "failed"),
         row("r5", "e", "suivi_due", "d4", "abandoned"),
         row("r6", "lease:2026-12-01T07:00:00.000Z", "lease", null, "sent"),
         row("r7", "notice:unbound:ccas", "notice", null, "sent"),
       ].join(",")}`,
  ];

  it("marks the rows digests carry, and nothing else", async () => {
    db = await freshDatabase(provider);
    const [ledger, indexes] = await migrateOver(db, MIGRATION, rows, [
      `SELECT "id", "status" FROM "ReminderDelivery" ORDER BY "id"`,
      provider === "sqlite"
        ? `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ReminderDelivery' ORDER BY name`
        : `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'ReminderDelivery' ORDER BY indexname`,
    ]);
    expect((ledger ?? []).map((r) => Object.values(r as Record<string, unknown>))).toEqual([
      ["r1", "in_digest"],
      ["r2", "in_digest"],
      ["r3", "pending"],
      ["r4", "failed"],
      ["r5", "abandoned"],
      ["r6", "sent"],
      ["r7", "sent"],
    ]);
    const names = (indexes ?? []).map((r) => (r as { name: string }).name);
    expect(names).toContain("ReminderDelivery_territoryId_digestId_idx");
    expect(names).not.toContain("ReminderDelivery_territoryId_status_idx");
  });
});
