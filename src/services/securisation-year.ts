import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { todayIn } from "../domain/calendar.ts";
import { type SecurisationYear, securisationYear } from "../domain/securisation-totals.ts";

/**
 * A year of sécurisation per category (claims, amounts claimed, accepted, paid) and of advances
 * (granted, disbursed, repaid, owed at the year's end), in integer cents. `/securisation bilan`
 * shows it; the annual activity report takes the same table from here.
 */
export class SecurisationYearService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  async totals(territoryId: string, year: number, timezone: string): Promise<SecurisationYear> {
    const rows = await readOnly(this.db).claims.yearRows(territoryId, year);
    return securisationYear(rows, year, todayIn(timezone, this.clock.now()));
  }
}
