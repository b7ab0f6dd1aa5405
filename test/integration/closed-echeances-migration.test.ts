import { afterAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { migrateOver } from "../support/migration.ts";

const MIGRATION = "20261204000200_closed_echeances_settled";

// A done or cancelled échéance is settled for good: those an earlier version closed before a run
// settled them stop counting among the échéances to read; open ones keep their value.
describeEachDatabase("the migration settling closed échéances", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  const echeance = (id: string, closed: "done" | "cancelled" | "open", recheck: string) =>
    `('${id}','t1','m1','suivi','2026-03-0${id.slice(1)}',${closed === "done" ? "'2026-03-01 10:00:00'" : "NULL"},${closed === "cancelled" ? "'2026-03-01 10:00:00'" : "NULL"},'${recheck}')`;
  const rows = [
    // Only the échéances matter here: their mesure and territory are left out.
    provider === "sqlite" ? "PRAGMA foreign_keys = OFF" : "SET session_replication_role = replica",
    `INSERT INTO "Echeance" ("id","territoryId","mesureId","kind","dueDate","doneAt","cancelledAt","recheck") VALUES
       ${[
         echeance("e1", "done", "!"),
         echeance("e2", "cancelled", "!abc"),
         echeance("e3", "done", ""),
         echeance("e4", "open", "!"),
         echeance("e5", "open", "!def"),
         echeance("e6", "open", ""),
       ].join(",")}`,
  ];

  it("empties the value of closed ones only", async () => {
    db = await freshDatabase(provider);
    const [echeances] = await migrateOver(db, MIGRATION, rows, [
      `SELECT "id", "recheck" FROM "Echeance" ORDER BY "id"`,
    ]);
    expect((echeances ?? []).map((r) => Object.values(r as Record<string, unknown>))).toEqual([
      ["e1", ""],
      ["e2", ""],
      ["e3", ""],
      ["e4", "!"],
      ["e5", "!def"],
      ["e6", ""],
    ]);
  });
});
