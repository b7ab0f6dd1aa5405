import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { MesureService } from "../../src/services/mesures.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

// `/bilans` reads its list and its counts in one plain SQL statement (the counts as window
// functions): the same as reading every pending échéance of a running mesure and counting.
describeEachDatabase("the échéances due, in one statement", (provider) => {
  let db: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    await migrate(db.url);
    database = await openDatabase(db.url);
    await generateTerritorySet(database.prisma, { mesures: 150, territories: 1, today: "2026-11-23", prefix: "b" });
    // A few mesures ended: their échéances still pending are not listed.
    const ended = await database.prisma.mesure.findMany({ take: 10, orderBy: { reference: "desc" } });
    await database.prisma.mesure.updateMany({
      where: { id: { in: ended.map((m) => m.id) } },
      data: { status: "terminee", endDate: "2026-11-01" },
    });
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  it("lists the soonest and counts them all, as a full read does", async () => {
    const prisma = database.prisma;
    const territory = await prisma.territory.findFirstOrThrow();
    for (const [today, days, limit] of [
      ["2026-11-23", 30, 40],
      ["2027-02-01", 90, 10],
      ["2027-06-01", 7, 500],
      ["2020-01-01", 1, 40],
    ] as const) {
      const service = new MesureService(prisma, fixedClock(new Date(`${today}T10:00:00Z`)));
      const due = await service.due({ id: territory.id, timezone: "Europe/Paris" }, days, limit);
      const all = await prisma.echeance.findMany({
        where: {
          territoryId: territory.id,
          doneAt: null,
          cancelledAt: null,
          dueDate: { lte: addDays(today, days) },
          mesure: { status: "active" },
        },
        include: { mesure: { include: { household: true, dispositif: true } } },
      });
      all.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.mesure.reference.localeCompare(b.mesure.reference));
      expect(due.total, today).toBe(all.length);
      expect(due.overdue, today).toBe(all.filter((e) => e.dueDate < today).length);
      expect(due.items, today).toEqual(
        all.slice(0, limit).map((e) => ({
          kind: e.kind,
          dueDate: e.dueDate,
          mesureRef: e.mesure.reference,
          householdRef: e.mesure.household.reference,
          dispositifCode: e.mesure.dispositif.code,
          dispositifName: e.mesure.dispositif.name,
          overdue: e.dueDate < today,
        })),
      );
    }
  });
});
