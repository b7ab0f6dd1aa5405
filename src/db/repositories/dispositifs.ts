import { z } from "zod";
import type { TxClient } from "../client.ts";

const count = z.union([z.bigint(), z.number()]).transform(Number);
const OverviewRow = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  agrementStartMonth: count,
  held: count,
  approvedThisYear: count.nullable(),
  approvedLastYear: count.nullable(),
});
export type QuotaOverviewRow = z.infer<typeof OverviewRow>;

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

  create(data: NewDispositif): Promise<DispositifRow> {
    return this.db.dispositif.create({ data });
  }

  /**
   * Every dispositif with its running mesures and its quota for this calendar year and the last
   * (the year of agrément may start mid-year). One plain SQL read: /mesures is the most asked
   * question, and this keeps it to a single round trip on both databases.
   */
  async overview(territoryId: string, year: number): Promise<QuotaOverviewRow[]> {
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT d."id", d."code", d."name", d."agrementStartMonth",
        (SELECT COUNT(*) FROM "Mesure" m WHERE m."dispositifId" = d."id" AND m."status" = 'active') AS "held",
        (SELECT q."approved" FROM "Quota" q WHERE q."dispositifId" = d."id" AND q."year" = ${year}) AS "approvedThisYear",
        (SELECT q."approved" FROM "Quota" q WHERE q."dispositifId" = d."id" AND q."year" = ${year - 1}) AS "approvedLastYear"
      FROM "Dispositif" d WHERE d."territoryId" = ${territoryId} ORDER BY d."code"`;
    return rows.map((row) => OverviewRow.parse(row));
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
   * Takes the quota row's write lock (PostgreSQL row lock, SQLite database write lock) for the
   * rest of the transaction, and returns the approved number; null when no quota exists.
   */
  async lockQuota(dispositifId: string, year: number): Promise<number | null> {
    const { count } = await this.db.quota.updateMany({
      where: { dispositifId, year },
      data: { version: { increment: 1 } },
    });
    if (count === 0) return null;
    const row = await this.db.quota.findUnique({ where: { dispositifId_year: { dispositifId, year } } });
    return row?.approved ?? null;
  }

  async activeMesureCounts(dispositifIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.mesure.groupBy({
      by: ["dispositifId"],
      where: { dispositifId: { in: [...dispositifIds] }, status: "active" },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.dispositifId, r._count._all]));
  }
}
