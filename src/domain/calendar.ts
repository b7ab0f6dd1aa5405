/**
 * Calendar dates as ISO strings (YYYY-MM-DD). Pure functions: no clock, no I/O.
 * Month arithmetic clamps to the month's end: 31 August + 6 months = last day of February.
 */
export type IsoDate = string;

export function isValidIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(date: IsoDate): [number, number, number] {
  // The usual "YYYY-MM-DD" without splitting (the planner compares tens of thousands of dates a run).
  if (date.length === 10 && date[4] === "-" && date[7] === "-")
    return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const [y, m, d] = date.split("-").map(Number);
  return [y ?? 0, m ?? 0, d ?? 0];
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

export function monthOf(date: IsoDate): number {
  return parts(date)[1];
}

// Building an Intl formatter costs far more than using one: keep one per time zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** Per time zone, the last day found and the UTC minute it was found for. */
const lastDays = new Map<string, { minute: number; day: IsoDate }>();
const MINUTE_MS = 60_000;

/**
 * Today's calendar date in a time zone. Every offset in use since 1972 is a whole number of
 * minutes (the local mean times before had seconds; nothing here asks about instants that old),
 * so a day never changes inside a UTC minute: the day is looked up once per minute, not per call
 * (formatting costs some twenty microseconds and every command asks).
 */
export function todayIn(timeZone: string, now: Date): IsoDate {
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  const last = lastDays.get(timeZone);
  if (last?.minute === minute) return last.day;
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, formatter);
  }
  const day = formatter.format(now);
  lastDays.set(timeZone, { minute, day });
  return day;
}

/** Accepts what people type: 2026-08-31, 31/08/2026, 31-08-2026, 31.08.2026. */
export function normalizeDateInput(value: string): string {
  const trimmed = value.trim();
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (french) return format(Number(french[3]), Number(french[2]), Number(french[1]));
  return trimmed;
}

/** An hour as people type it: 14:30, 9h, 9h15, 18. */
export const TIME_OF_DAY = /^([01]?\d|2[0-3])(?:[h:]([0-5]\d)?)?$/i;

/** "9h" → "09:00"; null when it is no hour of the day. */
export function normalizeTime(typed: string): string | null {
  const match = TIME_OF_DAY.exec(typed.trim());
  if (!match) return null;
  return `${(match[1] ?? "0").padStart(2, "0")}:${match[2] ?? "00"}`;
}
