import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { hotReadsOf } from "../../src/db/hot-reads.ts";
import { migrate } from "../../src/db/migrate.ts";
import { readOnly, repositories } from "../../src/db/repositories/index.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { agrementYear, holdingWindow } from "../../src/domain/quota.ts";
import type { QuotaWindow } from "../../src/db/repositories/dispositifs.ts";
import { QuotaService, yearUse } from "../../src/services/quotas.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

// `/mesures` reads its figures (approved and held units per year of agrément, for every
// dispositif) in one plain SQL statement: the same figures as one count per dispositif and year.
describeEachDatabase("quota figures in one statement", (provider) => {
  let db: TestDatabase;
  let database: Database;
  let territoryId = "";
  beforeAll(async () => {
    db = await freshDatabase(provider);
    await migrate(db.url);
    database = await openDatabase(db.url);
    await generateTerritorySet(database.prisma, { mesures: 120, territories: 1, today: "2026-11-23", prefix: "q" });
    const prisma = database.prisma;
    territoryId = (await prisma.territory.findFirstOrThrow()).id;
    const dispositifs = [await prisma.dispositif.findFirstOrThrow()];
    for (const [code, start] of [
      ["dalo", 1],
      ["sept", 9],
      ["dec", 12],
    ] as const)
      dispositifs.push(
        await prisma.dispositif.create({
          data: { territoryId, code, name: code.toUpperCase(), agrementStartMonth: start },
        }),
      );
    await prisma.quota.deleteMany();
    for (const [i, d] of dispositifs.entries())
      for (const year of [2025, 2026, 2027].slice(0, 1 + (i % 3)))
        await prisma.quota.create({ data: { dispositifId: d.id, year, approved: 10 + i * 7 + (year - 2025) * 3 } });
    const mesures = await prisma.mesure.findMany({ orderBy: { reference: "asc" } });
    for (const [i, m] of mesures.entries()) {
      const entryDate = addDays("2024-12-01", i * 7);
      await prisma.mesure.update({
        where: { id: m.id },
        data: {
          dispositifId: dispositifs[i % 4]!.id,
          entryDate,
          endDate: i % 3 === 0 ? addDays(entryDate, 200 + i) : null,
        },
      });
    }
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  it("gives, on several days, the figures of one count per dispositif and year", async () => {
    for (const day of ["2026-01-15", "2026-08-31", "2026-09-01", "2026-12-01", "2027-02-10"]) {
      const service = new QuotaService(database.prisma, fixedClock(new Date(`${day}T10:00:00Z`)));
      const repos = readOnly(database.prisma);
      const [all, quotas] = [await repos.dispositifs.list(territoryId), await repos.dispositifs.quotas(territoryId)];
      const approved = (id: string, year: number) =>
        quotas.find((q) => q.dispositifId === id && q.year === year)?.approved ?? null;
      const expected = [];
      for (const d of all) {
        const year = agrementYear(day, d.agrementStartMonth);
        const next = approved(d.id, year + 1);
        expected.push({
          code: d.code,
          name: d.name,
          current: await yearUse(repos, d, year, approved(d.id, year), day),
          next: next === null ? null : await yearUse(repos, d, year + 1, next),
        });
      }
      expect(expected.some((e) => e.next !== null)).toBe(true);
      expect(expected.some((e) => e.current.held > 0)).toBe(true);
      expect(await service.overview({ id: territoryId, timezone: "Europe/Paris" }), day).toEqual(expected);
      expect(await service.overview({ id: territoryId, timezone: "Europe/Paris" }, "sept"), day).toEqual(
        expected.filter((e) => e.code === "sept"),
      );
    }
  });

  it("names the known dispositifs for an unknown one", async () => {
    const service = new QuotaService(database.prisma, fixedClock(new Date("2026-12-01T10:00:00Z")));
    await expect(service.overview({ id: territoryId, timezone: "Europe/Paris" }, "nope")).rejects.toMatchObject({
      identifier: "unknown_dispositif",
      context: { code: "nope", known: "dalo, dec, iml, sept" },
    });
  });

  it("counts the same through the driver's kept statements as through Prisma, and sees each commit at once", async () => {
    const prisma = database.prisma;
    expect(hotReadsOf(prisma)).toBeDefined();
    const day = "2026-12-01";
    const windows: QuotaWindow[] = Array.from({ length: 12 }, (_, i) => i + 1).flatMap((startMonth) => {
      const year = agrementYear(day, startMonth);
      return [
        { startMonth, window: "current", year, ...holdingWindow(year, startMonth, day) },
        { startMonth, window: "next", year: year + 1, ...holdingWindow(year + 1, startMonth) },
      ];
    });
    // A transaction's client reads through Prisma; the root client through the hot reads.
    const throughPrisma = (code?: string) =>
      prisma.$transaction((tx) => repositories(tx).dispositifs.quotaFigures(territoryId, windows, code));
    const direct = (code?: string) => readOnly(prisma).dispositifs.quotaFigures(territoryId, windows, code);
    const read = await direct();
    expect(read.some((f) => (f.held ?? 0) > 0)).toBe(true);
    expect(read).toEqual(await throughPrisma());
    expect(await direct("sept")).toEqual(await throughPrisma("sept"));
    const iml = await prisma.dispositif.findFirstOrThrow({ where: { territoryId, code: "iml" } });
    const held = (figures: typeof read) => figures.find((f) => f.code === "iml" && f.window === "current")!.held;
    // One mesure holding a unit this year ends long ago: the next read counts one fewer.
    const current = windows.find((w) => w.startMonth === iml.agrementStartMonth && w.window === "current")!;
    const holding = await prisma.mesure.findFirstOrThrow({
      where: { dispositifId: iml.id, entryDate: { lt: current.until }, endDate: null },
    });
    await prisma.mesure.update({ where: { id: holding.id }, data: { endDate: "2000-01-01" } });
    expect(held(await direct())).toBe(held(read)! - 1);
    expect(await direct()).toEqual(await throughPrisma());
  });
});
