import type { TxClient } from "../client.ts";

/** Readable, gap-free references per territory, prefix and year: M-2026-001, C-2026-002... */
export class ReferenceRepository {
  constructor(private readonly db: TxClient) {}

  async next(territoryId: string, prefix: string, year: number): Promise<string> {
    const counter = await this.db.referenceCounter.upsert({
      where: { territoryId_prefix_year: { territoryId, prefix, year } },
      create: { territoryId, prefix, year, last: 1 },
      update: { last: { increment: 1 } },
    });
    return formatReference(prefix, year, counter.last);
  }

  /** The next plain number of a territory's sequence (actions are ... across years). */
  async nextNumber(territoryId: string, prefix: string): Promise<number> {
    const counter = await this.db.referenceCounter.upsert({
      where: { territoryId_prefix_year: { territoryId, prefix, year: 0 } },
      create: { territoryId, prefix, year: 0, last: 1 },
      update: { last: { increment: 1 } },
    });
    return counter.last;
  }
}

export function formatReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(3, "0")}`;
}
