import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { todayIn, yearOf } from "../domain/calendar.ts";
import { agrementYear, quotaUse, type QuotaUse } from "../domain/quota.ts";

export interface DispositifQuota extends QuotaUse {
  code: string;
  name: string;
  year: number;
  /** False when no quota was approved for the current year of agrément. */
  hasQuota: boolean;
}

export class QuotaService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** Approved, held and remaining mesures per dispositif for its current year of agrément. */
  async overview(territory: { id: string; timezone: string }, code?: string): Promise<DispositifQuota[]> {
    const today = todayIn(territory.timezone, this.clock.now());
    const all = await readOnly(this.db).dispositifs.overview(territory.id, yearOf(today));
    const rows = code ? all.filter((d) => d.code === code) : all;
    if (code && rows.length === 0)
      throw new UserError("unknown_dispositif", { code, known: all.map((d) => d.code).join(", ") || "-" });
    return rows.map((row) => {
      const year = agrementYear(today, row.agrementStartMonth);
      const approved = year === yearOf(today) ? row.approvedThisYear : row.approvedLastYear;
      return {
        code: row.code,
        name: row.name,
        year,
        hasQuota: approved !== null,
        ...quotaUse(approved ?? 0, row.held),
      };
    });
  }
}
