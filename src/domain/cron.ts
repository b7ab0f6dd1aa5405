/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated against a
 * wall-clock time in the territory's time zone. Pure, so the scheduler can look back over missed
 * slots (catch-up) and tests can move time freely.
 */
export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  /** Standard cron: when both day fields are restricted, either may match. */
  domRestricted: boolean;
  dowRestricted: boolean;
}

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function parseField(field: string, [min, max]: [number, number]): Set<number> | null {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return null;
    const step = match[4] ? Number(match[4]) : 1;
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    if (step < 1 || from < min || to > max || from > to) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const parsed = fields.map((f, i) => parseField(f, RANGES[i]!));
  if (parsed.some((p) => p === null)) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parsed as Set<number>[];
  if (dayOfWeek!.has(7)) dayOfWeek!.add(0);
  return {
    minute: minute!,
    hour: hour!,
    dayOfMonth: dayOfMonth!,
    month: month!,
    dayOfWeek: dayOfWeek!,
    domRestricted: fields[2] !== "*",
    dowRestricted: fields[4] !== "*",
  };
}

export interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(instant: Date, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      minute: "numeric",
      hour: "numeric",
      day: "numeric",
      month: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: weekdays.indexOf(parts.weekday ?? ""),
  };
}

export function cronMatches(schedule: CronSchedule, at: WallClock): boolean {
  if (!schedule.minute.has(at.minute) || !schedule.hour.has(at.hour) || !schedule.month.has(at.month)) return false;
  const dom = schedule.dayOfMonth.has(at.day);
  const dow = schedule.dayOfWeek.has(at.weekday);
  if (schedule.domRestricted && schedule.dowRestricted) return dom || dow;
  return dom && dow;
}

/** The latest minute at or before `now`, and after `notBefore`, at which the schedule fired. */
export function lastSlot(schedule: CronSchedule, timeZone: string, now: Date, notBefore: Date): Date | null {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let t = start; t > notBefore.getTime(); t -= 60_000) {
    const instant = new Date(t);
    if (cronMatches(schedule, wallClock(instant, timeZone))) return instant;
  }
  return null;
}
