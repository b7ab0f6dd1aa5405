import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly, type Repositories } from "../db/repositories/index.ts";
import type { QuotaRow } from "../db/repositories/dispositifs.ts";
import { todayIn, type IsoDate } from "../domain/calendar.ts";
import { agrementYear, holdingWindow, quotaUse, type QuotaUse } from "../domain/quota.ts";

export interface YearUse extends QuotaUse {
  year: number;
  /** False when no quota was approved for that year of agrément. */
  hasQuota: boolean;
}

export interface DispositifQuota {
  code: string;
  name: string;
  /** The current year of agrément, counted from today. */
  current: YearUse;
  /** The next year of agrément, when its quota is already set. */
  next: YearUse | null;
}

interface DispositifRef {
  id: string;
  agrementStartMonth: number;
}

/**
 * Use of one year of agrément: its approved number and the mesures holding a unit in it from
 * `from` (today for the current year, an entry date for an opening) to the year's end.
 */
export async function yearUse(
  repos: Repositories,
  dispositif: DispositifRef,
  year: number,
  approved: number | null,
  from?: IsoDate,
): Promise<YearUse> {
  const held = await repos.dispositifs.countHolding(
    dispositif.id,
    holdingWindow(year, dispositif.agrementStartMonth, from),
  );
  return { year, hasQuota: approved !== null, ...quotaUse(approved ?? 0, held) };
}

function approvedIn(quotas: readonly QuotaRow[], dispositifId: string, year: number): number | null {
  return quotas.find((q) => q.dispositifId === dispositifId && q.year === year)?.approved ?? null;
}

export class QuotaService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** Approved, held and remaining mesures per dispositif: this year of agrément and, when set, the next. */
  async overview(territory: { id: string; timezone: string }, code?: string): Promise<DispositifQuota[]> {
    const today = todayIn(territory.timezone, this.clock.now());
    const repos = readOnly(this.db);
    const [all, quotas] = await Promise.all([
      repos.dispositifs.list(territory.id),
      repos.dispositifs.quotas(territory.id),
    ]);
    const rows = code ? all.filter((d) => d.code === code) : all;
    if (code && rows.length === 0)
      throw new UserError("unknown_dispositif", { code, known: all.map((d) => d.code).join(", ") || "-" });
    return Promise.all(
      rows.map(async (row) => {
        const year = agrementYear(today, row.agrementStartMonth);
        const nextApproved = approvedIn(quotas, row.id, year + 1);
        const [current, next] = await Promise.all([
          yearUse(repos, row, year, approvedIn(quotas, row.id, year), today),
          nextApproved === null ? null : yearUse(repos, row, year + 1, nextApproved),
        ]);
        return { code: row.code, name: row.name, current, next };
      }),
    );
  }
}
