import { addDays, daysBetween, type IsoDate, yearOf } from "./calendar.ts";

/**
 * French public holidays (Code du travail, art. L3133-1), and the two extra days of Alsace-Moselle
 * (Good Friday, St Stephen's Day, local law). Pure and computed, so any year works.
 */
export type HolidayRegion = "metropole" | "alsace_moselle";

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type HolidayName =
  | "jour_de_l_an"
  | "vendredi_saint"
  | "lundi_de_paques"
  | "fete_du_travail"
  | "victoire_1945"
  | "ascension"
  | "lundi_de_pentecote"
  | "fete_nationale"
  | "assomption"
  | "toussaint"
  | "armistice"
  | "noel"
  | "saint_etienne";

const cache = new Map<string, Map<IsoDate, HolidayName>>();

/** The public holidays of a year, by date. */
export function publicHolidays(year: number, region: HolidayRegion = "metropole"): Map<IsoDate, HolidayName> {
  const cacheKey = `${year}:${region}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const y = String(year).padStart(4, "0");
  const easter = easterSunday(year);
  const days: [IsoDate, HolidayName][] = [
    [`${y}-01-01`, "jour_de_l_an"],
    [addDays(easter, 1), "lundi_de_paques"],
    [`${y}-05-01`, "fete_du_travail"],
    [`${y}-05-08`, "victoire_1945"],
    [addDays(easter, 39), "ascension"],
    [addDays(easter, 50), "lundi_de_pentecote"],
    [`${y}-07-14`, "fete_nationale"],
    [`${y}-08-15`, "assomption"],
    [`${y}-11-01`, "toussaint"],
    [`${y}-11-11`, "armistice"],
    [`${y}-12-25`, "noel"],
  ];
  if (region === "alsace_moselle") days.push([addDays(easter, -2), "vendredi_saint"], [`${y}-12-26`, "saint_etienne"]);
  const holidays = new Map(days);
  cache.set(cacheKey, holidays);
  return holidays;
}

function weekday(date: IsoDate): number {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay();
}

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(date: IsoDate, region: HolidayRegion = "metropole"): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  return !publicHolidays(Number(date.slice(0, 4)), region).has(date);
}

/** The date itself when it is a working day, otherwise the next working day. */
export function onWorkingDay(date: IsoDate, region: HolidayRegion = "metropole"): IsoDate {
  let day = date;
  while (!isWorkingDay(day, region)) day = addDays(day, 1);
  return day;
}

// Per year and region, how many working days its first i days hold (i from 0 to the year's
// length): counting the working days between two dates is then a few subtractions.
const workingDaysBefore = new Map<string, Uint16Array>();

function yearCounts(year: number, region: HolidayRegion): Uint16Array {
  const key = `${region} ${year}`;
  const known = workingDaysBefore.get(key);
  if (known) return known;
  const first = `${String(year).padStart(4, "0")}-01-01`;
  const length = daysBetween(first, `${first.slice(0, 4)}-12-31`) + 1;
  const counts = new Uint16Array(length + 1);
  let day = first;
  for (let i = 0; i < length; i++, day = addDays(day, 1))
    counts[i + 1] = counts[i]! + (isWorkingDay(day, region) ? 1 : 0);
  workingDaysBefore.set(key, counts);
  return counts;
}

function dayOfYear(date: IsoDate): [year: number, index: number] {
  return [yearOf(date), daysBetween(`${date.slice(0, 4)}-01-01`, date)];
}

/** Working days (public holidays excluded) from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysIn(from: IsoDate, to: IsoDate, region: HolidayRegion = "metropole"): number {
  if (to <= from) return 0;
  const [fromYear, fromIndex] = dayOfYear(from);
  const [toYear, toIndex] = dayOfYear(to);
  const upTo = (year: number, index: number) => yearCounts(year, region)[index + 1]!;
  if (fromYear === toYear) return upTo(toYear, toIndex) - upTo(fromYear, fromIndex);
  const first = yearCounts(fromYear, region);
  let count = first[first.length - 1]! - upTo(fromYear, fromIndex);
  for (let year = fromYear + 1; year < toYear; year++) {
    const counts = yearCounts(year, region);
    count += counts[counts.length - 1]!;
  }
  return count + upTo(toYear, toIndex);
}
