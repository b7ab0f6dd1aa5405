import { beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { attachHotReads, hotReadsOf } from "../../src/db/hot-reads.ts";
import { readOnly, repositories } from "../../src/db/repositories/index.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { MesureService } from "../../src/services/mesures.ts";
import { generatedDatabaseFor } from "../support/generated-database.ts";
import { describeEachDatabase } from "../support/databases.ts";

// `/bilans` reads its list in one plain SQL statement, and counts with a second only when the list
// is full: the same as reading every pending échéance of a running mesure and counting.
describeEachDatabase("the échéances due, read straight from the driver", (provider) => {
  const database = generatedDatabaseFor(provider, { mesures: 150, territories: 1, today: "2026-11-23", prefix: "b" });
  beforeAll(async () => {
    // A few mesures ended, as the product ends them: their échéances still pending are not listed.
    const ended = await database().prisma.mesure.findMany({ take: 10, orderBy: { reference: "desc" } });
    const mesures = repositories(database().prisma).mesures;
    for (const mesure of ended)
      await mesures.end(mesure.id, { endDate: "2026-11-01", endReason: "depart" }, new Date("2026-11-01T09:00:00Z"));
  });

  it("lists the soonest and counts them all, as a full read does", async () => {
    const prisma = database().prisma;
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
    // A list exactly as long as the limit, and all there is: counted, and counted the same.
    const service = new MesureService(prisma, fixedClock(new Date("2026-11-23T10:00:00Z")));
    const all = await service.due({ id: territory.id, timezone: "Europe/Paris" }, 30, 10_000);
    expect(all.items.length).toBeGreaterThan(0);
    const exact = await service.due({ id: territory.id, timezone: "Europe/Paris" }, 30, all.items.length);
    expect(exact).toEqual(all);
  });

  it("reads the same through the driver's kept statements as through Prisma, and sees each commit at once", async () => {
    const prisma = database().prisma;
    expect(hotReadsOf(prisma)).toBeDefined();
    const territory = await prisma.territory.findFirstOrThrow();
    // A transaction's client reads through Prisma; the root client through the hot reads.
    const throughPrisma = (until: string, today: string, limit: number) =>
      prisma.$transaction((tx) => repositories(tx).mesures.pendingEcheances(territory.id, until, today, limit));
    const direct = (until: string, today: string, limit: number) =>
      readOnly(prisma).mesures.pendingEcheances(territory.id, until, today, limit);
    for (const [today, until, limit] of [
      ["2026-11-23", "2026-12-23", 40],
      ["2027-02-01", "2027-05-01", 10],
      ["2020-01-01", "2020-01-02", 40],
    ] as const) {
      const read = await direct(until, today, limit);
      expect(read, today).toEqual(await throughPrisma(until, today, limit));
      if (today === "2026-11-23") expect(read.total).toBeGreaterThan(0);
    }
    const before = await direct("2026-12-23", "2026-11-23", 40);
    const first = await prisma.echeance.findFirstOrThrow({
      where: { territoryId: territory.id, doneAt: null, cancelledAt: null, dueDate: before.rows[0]!.dueDate },
    });
    await prisma.echeance.update({ where: { id: first.id }, data: { doneAt: new Date() } });
    const after = await direct("2026-12-23", "2026-11-23", 40);
    expect(after.total).toBe(before.total - 1);
    expect(after).toEqual(await throughPrisma("2026-12-23", "2026-11-23", 40));
  });

  it("never counts fewer than it lists when bilans are recorded between the list and the count", async () => {
    const prisma = database().prisma;
    const territory = await prisma.territory.findFirstOrThrow();
    const hot = hotReadsOf(prisma)!;
    const read = () => readOnly(prisma).mesures.pendingEcheances(territory.id, "2027-03-01", "2026-12-15", 40);
    const before = await read();
    expect(before.rows).toHaveLength(40);
    expect(before.total).toBeGreaterThan(40);
    expect(before.overdue).toBeGreaterThan(0);
    let statements = 0;
    let race = true;
    const recordedAt = new Date("2026-12-15T09:00:00Z");
    // Another member records every bilan just after the list is read, before it is counted.
    attachHotReads(prisma, {
      rows: async (query) => {
        const rows = await hot.rows(query);
        statements++;
        if (race && statements === 1)
          await prisma.echeance.updateMany({
            where: { territoryId: territory.id, doneAt: null, cancelledAt: null },
            data: { doneAt: recordedAt },
          });
        return rows;
      },
      close: () => hot.close(),
    });
    try {
      const raced = await read();
      expect(statements).toBe(2);
      expect(raced.rows).toEqual(before.rows);
      expect(raced.total).toBe(40);
      expect(raced.overdue).toBe(before.rows.filter((row) => row.dueDate < "2026-12-15").length);
      // And a list shorter than asked is counted from itself, without a second statement.
      race = false;
      statements = 0;
      expect(await read()).toEqual({ rows: [], total: 0, overdue: 0 });
      expect(statements).toBe(1);
    } finally {
      attachHotReads(prisma, hot);
      await prisma.echeance.updateMany({ where: { doneAt: recordedAt }, data: { doneAt: null } });
    }
    expect(await read()).toEqual(before);
  });
});
