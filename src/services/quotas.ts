import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { todayIn } from "../domain/calendar.ts";
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
    const repos = readOnly(this.db);
    const all = await repos.dispositifs.list(territory.id);
    const dispositifs = code ? all.filter((d) => d.code === code) : all;
    if (code && dispositifs.length === 0) {
      throw new UserError("unknown_dispositif", { code, known: all.map((d) => d.code).join(", ") || "-" });
    }
    const today = todayIn(territory.timezone, this.clock.now());
    const held = await repos.dispositifs.activeMesureCounts(dispositifs.map((d) => d.id));
    const result: DispositifQuota[] = [];
    for (const dispositif of dispositifs) {
      const year = agrementYear(today, dispositif.agrementStartMonth);
      const approved = (await repos.dispositifs.quotas([dispositif.id], year)).get(dispositif.id);
      result.push({
        code: dispositif.code,
        name: dispositif.name,
        year,
        hasQuota: approved !== undefined,
        ...quotaUse(approved ?? 0, held.get(dispositif.id) ?? 0),
      });
    }
    return result;
  }
}
