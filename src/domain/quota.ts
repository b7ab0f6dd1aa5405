import { monthOf, yearOf, type IsoDate } from "./calendar.ts";

/** The year of agrément a date falls in, for a scheme whose year starts in `startMonth` (1-12). */
export function agrementYear(date: IsoDate, startMonth: number): number {
  return monthOf(date) >= startMonth ? yearOf(date) : yearOf(date) - 1;
}

export interface QuotaUse {
  approved: number;
  held: number;
  remaining: number;
}

export function quotaUse(approved: number, held: number): QuotaUse {
  return { approved, held, remaining: Math.max(0, approved - held) };
}

/** Upper bound for a quota: a territory's whole approval, far above any real scheme. */
export const QUOTA_MAX = 10_000;
