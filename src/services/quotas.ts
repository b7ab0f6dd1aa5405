import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly, type Repositories } from "../db/repositories/index.ts";
import type { QuotaFigure, QuotaWindow } from "../db/repositories/dispositifs.ts";
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

export class QuotaService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Approved, held and remaining mesures per dispositif: this year of agrément and, when set, the
   * next. The windows come from the domain (each possible start month's current and next year);
   * the database counts them all in one statement.
   */
  async overview(territory: { id: string; timezone: string }, code?: string): Promise<DispositifQuota[]> {
    const today = todayIn(territory.timezone, this.clock.now());
    const repos = readOnly(this.db);
    const windows: QuotaWindow[] = Array.from({ length: 12 }, (_, i) => i + 1).flatMap((startMonth) => {
      const year = agrementYear(today, startMonth);
      return [
        { startMonth, window: "current", year, ...holdingWindow(year, startMonth, today) },
        { startMonth, window: "next", year: year + 1, ...holdingWindow(year + 1, startMonth) },
      ];
    });
    const figures = await repos.dispositifs.quotaFigures(territory.id, windows, code);
    if (code && figures.length === 0) {
      const known = (await repos.dispositifs.list(territory.id)).map((d) => d.code);
      throw new UserError("unknown_dispositif", { code, known: known.join(", ") || "-" });
    }
    const use = (figure: QuotaFigure): YearUse => ({
      year: figure.year,
      hasQuota: figure.approved !== null,
      ...quotaUse(figure.approved ?? 0, figure.held ?? 0),
    });
    const out: DispositifQuota[] = [];
    for (const figure of figures) {
      if (figure.window !== "current") continue;
      const next = figures.find((f) => f.id === figure.id && f.window === "next" && f.approved !== null);
      out.push({ code: figure.code, name: figure.name, current: use(figure), next: next ? use(next) : null });
    }
    return out;
  }
}
