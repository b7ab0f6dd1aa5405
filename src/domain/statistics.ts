import { daysBetween, type IsoDate } from "./calendar.ts";

/** How many items fall in each category; items without one are counted as "non_renseigne". */
export function countBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? NOT_RECORDED;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** The category of a record that has none: reports show it as "not recorded", never drop it. */
export const NOT_RECORDED = "non_renseigne";

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Whole calendar months and a fraction, as funders count follow-up (365.25 / 12 days a month). */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  return daysBetween(from, to) / 30.4375;
}

/** One decimal, as the report prints it, so every file shows the same figure. */
export function oneDecimal(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** Mean, median, shortest and longest of a list of durations in months, each to one decimal. */
export interface DurationSummary {
  count: number;
  meanMonths: number | null;
  medianMonths: number | null;
  minMonths: number | null;
  maxMonths: number | null;
}

export function summarizeDurations(months: readonly number[]): DurationSummary {
  return {
    count: months.length,
    meanMonths: oneDecimal(mean(months)),
    medianMonths: oneDecimal(median(months)),
    minMonths: months.length ? oneDecimal(Math.min(...months)) : null,
    maxMonths: months.length ? oneDecimal(Math.max(...months)) : null,
  };
}
