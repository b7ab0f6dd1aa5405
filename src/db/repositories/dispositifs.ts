import { z } from "zod";
import { empty, join, sqltag as sql } from "@prisma/client/runtime/client";
import type { TxClient } from "../client.ts";
import { readRows } from "../hot-reads.ts";

const count = z.union([z.bigint(), z.number(), z.string()]).transform(Number);
const CountRow = z.object({ held: count });
const FigureRow = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  window: z.string(),
  year: count,
  approved: count.nullable(),
  held: count.nullable(),
});

/** A year of agrément's holding window for the dispositifs whose year starts in `startMonth`. */
export interface QuotaWindow {
  startMonth: number;
  /** A name for the window ("current", "next"), given back with its figures. */
  window: string;
  year: number;
  from: string;
  until: string;
}

export interface QuotaFigure {
  id: string;
  code: string;
  name: string;
  window: string;
  year: number;
  approved: number | null;
  /** Null for a window beyond the first with no approved number (not counted). */
  held: number | null;
}

export interface QuotaRow {
  dispositifId: string;
  year: number;
  approved: number;
}

export interface DispositifRow {
  id: string;
  territoryId: string;
  code: string;
  name: string;
  requiresHousedByOperator: boolean;
  firstBilanMonths: number;
  secondBilanMonths: number;
  slideDecisionMonths: number;
  extensionMonths: number;
  followUpMonths: number;
  maxDurationMonths: number;
  agrementStartMonth: number;
}

export interface NewDispositif {
  territoryId: string;
  code: string;
  name: string;
  requiresHousedByOperator?: boolean;
}

export class DispositifRepository {
  constructor(private readonly db: TxClient) {}

  list(territoryId: string): Promise<DispositifRow[]> {
    return this.db.dispositif.findMany({ where: { territoryId }, orderBy: { code: "asc" } });
  }

  findByCode(territoryId: string, code: string): Promise<DispositifRow | null> {
    return this.db.dispositif.findUnique({ where: { territoryId_code: { territoryId, code } } });
  }

  update(id: string, data: Partial<Omit<DispositifRow, "id" | "territoryId" | "code">>): Promise<DispositifRow> {
    return this.db.dispositif.update({ where: { id }, data });
  }

  create(data: NewDispositif): Promise<DispositifRow> {
    return this.db.dispositif.create({ data });
  }

  /** The approved numbers of a territory's dispositifs, per year of agrément. */
  quotas(territoryId: string): Promise<QuotaRow[]> {
    return this.db.quota.findMany({
      where: { dispositif: { territoryId } },
      select: { dispositifId: true, year: true, approved: true },
      orderBy: { year: "asc" },
    });
  }

  /**
   * How many of a dispositif's mesures hold a unit in a window (see `holdsUnitIn`: entry before
   * its end, and no end or an end after its start). One plain SQL count on both databases.
   */
  async countHolding(dispositifId: string, window: { from: string; until: string }): Promise<number> {
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT COUNT(*) AS "held" FROM "Mesure" m
      WHERE m."dispositifId" = ${dispositifId} AND m."entryDate" < ${window.until}
        AND (m."endDate" IS NULL OR m."endDate" > ${window.from})`;
    return CountRow.parse(rows[0]).held;
  }

  /**
   * For each dispositif of a territory (or the one of `code`), by code: for each window given for
   * its start month, the approved number of that year and the mesures holding a unit in it (as
   * `countHolding`), in one plain SQL statement. The first window given is always counted; the
   * others only when their year has an approved number.
   */
  async quotaFigures(territoryId: string, windows: readonly QuotaWindow[], code?: string): Promise<QuotaFigure[]> {
    if (windows.length === 0) return [];
    const first = windows[0]!.window;
    const rows = await readRows(
      this.db,
      sql`
      WITH "w"("startMonth", "window", "year", "from", "until") AS (VALUES ${join(
        windows.map(
          (w) =>
            sql`(CAST(${w.startMonth} AS INTEGER), CAST(${w.window} AS TEXT), CAST(${w.year} AS INTEGER), CAST(${w.from} AS TEXT), CAST(${w.until} AS TEXT))`,
        ),
      )})
      SELECT d."id", d."code", d."name", w."window", w."year", q."approved",
        CASE WHEN w."window" = ${first} OR q."approved" IS NOT NULL THEN (
          SELECT COUNT(*) FROM "Mesure" m
          WHERE m."dispositifId" = d."id" AND m."entryDate" < w."until" AND (m."endDate" IS NULL OR m."endDate" > w."from")
        ) END AS "held"
      FROM "Dispositif" d
        JOIN "w" ON w."startMonth" = d."agrementStartMonth"
        LEFT JOIN "Quota" q ON q."dispositifId" = d."id" AND q."year" = w."year"
      WHERE d."territoryId" = ${territoryId} ${code === undefined ? empty : sql`AND d."code" = ${code}`}
      ORDER BY d."code" ASC, w."year" ASC`,
    );
    return rows.map((row) => FigureRow.parse(row));
  }

  /** Returns the previous approved number, or null when the year had no quota yet. */
  async setQuota(dispositifId: string, year: number, approved: number): Promise<number | null> {
    const previous = await this.db.quota.findUnique({ where: { dispositifId_year: { dispositifId, year } } });
    await this.db.quota.upsert({
      where: { dispositifId_year: { dispositifId, year } },
      create: { dispositifId, year, approved },
      update: { approved },
    });
    return previous?.approved ?? null;
  }

  /**
   * Takes the dispositif's write lock (PostgreSQL row lock, SQLite database write lock) for the
   * rest of the transaction. Every opening of the dispositif takes it first, whatever year its
   * entry falls in, so each one counts the others' committed mesures in every year it checks.
   */
  async lockOpenings(dispositifId: string): Promise<void> {
    await this.db.dispositif.update({ where: { id: dispositifId }, data: { openingLock: { increment: 1 } } });
  }
}
