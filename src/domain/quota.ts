import { monthOf, yearOf, type IsoDate } from "./calendar.ts";

/** The year of agrément a date falls in, for a scheme whose year starts in `startMonth` (1-12). */
export function agrementYear(date: IsoDate, startMonth: number): number {
  return monthOf(date) >= startMonth ? yearOf(date) : yearOf(date) - 1;
}

/** First day of a year of agrément ("2026-09-01" for 2026 when the year starts in September). */
export function agrementYearStart(year: number, startMonth: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(startMonth).padStart(2, "0")}-01`;
}

/**
 * The days of a year of agrément, from `from` when later than its start, to its end (exclusive):
 * the stretch during which a mesure is counted as holding one of that year's units.
 */
export interface HoldingWindow {
  from: IsoDate;
  until: IsoDate;
}

export function holdingWindow(year: number, startMonth: number, from?: IsoDate): HoldingWindow {
  const start = agrementYearStart(year, startMonth);
  return { from: from && from > start ? from : start, until: agrementYearStart(year + 1, startMonth) };
}

/**
 * A mesure holds a unit from its entry until its end (open-ended while it runs): it holds one
 * in a window when the two overlap. Its end day is the first day it no longer holds it (the
 * lease slid, the household left), so an ending frees the unit from that day on.
 */
export interface MesureSpan {
  entryDate: IsoDate;
  endDate: IsoDate | null;
}

export function holdsUnitIn(span: MesureSpan, window: HoldingWindow): boolean {
  return span.entryDate < window.until && (span.endDate === null || span.endDate > window.from);
}

export interface QuotaUse {
  approved: number;
  held: number;
  remaining: number;
  /** Units held beyond the approval (a later year approved for fewer than will still run). */
  overCommitted: number;
}

export function quotaUse(approved: number, held: number): QuotaUse {
  return {
    approved,
    held,
    remaining: Math.max(0, approved - held),
    overCommitted: Math.max(0, held - approved),
  };
}

/**
 * The years an opening is checked against: the year of its entry (which must have a quota), and
 * every later year already approved, since a running mesure holds a unit in each of them.
 */
export function yearsChecked(entryYear: number, approvedYears: readonly number[]): number[] {
  return [entryYear, ...approvedYears.filter((y) => y > entryYear).sort((a, b) => a - b)];
}

/** Upper bound for a quota: a territory's whole approval, far above any real scheme. */
export const QUOTA_MAX = 10_000;
