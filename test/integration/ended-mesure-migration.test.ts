import { afterAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { migrateOver } from "../support/migration.ts";

const MIGRATION = "20261202003300_ended_mesure_echeances";

// Lists of bilans due count open échéances without reading their mesure's status: the migration
// must leave no open échéance on an ended mesure, and touch nothing else.
describeEachDatabase("the migration closing échéances of ended mesures", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  const mesure = (n: number, status: string) => [
    `INSERT INTO "Household" ("id","territoryId","reference") VALUES ('h${n}','t1','M-${n}')`,
    `INSERT INTO "Candidature" ("id","territoryId","reference","householdId","dispositifId","hebergement","budgetTravaille","note","submittedById")
       VALUES ('c${n}','t1','C-${n}','h${n}','d1','chrs',${provider === "sqlite" ? 1 : "true"},'','u1')`,
    `INSERT INTO "Mesure" ("id","territoryId","reference","candidatureId","householdId","dispositifId","entryDate","landlord","parc","plannedEndDate","openedById","status")
       VALUES ('m${n}','t1','IML-${n}','c${n}','h${n}','d1','2026-01-05','','public','2027-01-05','u1','${status}')`,
  ];
  const done = provider === "sqlite" ? "'2026-07-01T09:00:00.000+00:00'" : "'2026-07-01 09:00:00'";
  const rows = [
    `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un')`,
    `INSERT INTO "Dispositif" ("id","territoryId","code","name") VALUES ('d1','t1','iml','IML')`,
    ...mesure(1, "active"),
    ...mesure(2, "terminee"),
    `INSERT INTO "Echeance" ("id","territoryId","mesureId","kind","dueDate","doneAt","cancelledAt") VALUES
       ('e1','t1','m1','bilan_6','2026-07-05',${done},NULL),
       ('e2','t1','m1','bilan_10','2026-11-05',NULL,NULL),
       ('e3','t1','m2','bilan_6','2026-07-05',${done},NULL),
       ('e4','t1','m2','bilan_10','2026-11-05',NULL,NULL),
       ('e5','t1','m2','suivi','2026-12-05',NULL,${done})`,
  ];

  it("cancels the open échéances of ended mesures only", async () => {
    db = await freshDatabase(provider);
    const [echeances] = await migrateOver(db, MIGRATION, rows, [
      `SELECT "id", "doneAt" IS NOT NULL AS "done", "cancelledAt" IS NOT NULL AS "cancelled" FROM "Echeance" ORDER BY "id"`,
    ]);
    const flags = (echeances ?? []).map((e) => {
      const row = e as { id: string; done: unknown; cancelled: unknown };
      return [row.id, Boolean(row.done), Boolean(row.cancelled)];
    });
    expect(flags).toEqual([
      ["e1", true, false],
      ["e2", false, false],
      ["e3", true, false],
      ["e4", false, true],
      ["e5", false, true],
    ]);
  });
});
