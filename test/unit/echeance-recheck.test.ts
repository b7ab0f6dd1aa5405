import { describe, expect, it } from "vitest";
import { fewerRanges } from "../../src/db/repositories/reminders.ts";
import { addDays } from "../../src/domain/calendar.ts";
import {
  changedEcheanceDates,
  echeanceReminderOn,
  echeanceSubjectMesure,
  isPostingDay,
  type ReminderSettings,
  settledEcheances,
  startsSettled,
} from "../../src/domain/reminders.ts";
import { LONGEST_LEAD_DAYS, readSettings, reminderSettings } from "../../src/domain/settings.ts";

const base = reminderSettings(readSettings({}));
const gives = (suivi: boolean, due: string, day: string, settings: ReminderSettings) => {
  const r = echeanceReminderOn(suivi ? "suivi" : "bilan_6", due, day, settings);
  return r && `${r.kind}:${r.period}`;
};
const inRanges = (ranges: ReturnType<typeof changedEcheanceDates>, suivi: boolean, due: string) =>
  ranges.some((r) => r.suivi === suivi && r.from <= due && due <= r.to);

describe("the due dates whose échéances give a new reminder", () => {
  it("are exactly those whose reminder of today differs from the one of the last settled day", () => {
    const variants: ReminderSettings[] = [
      base,
      { ...base, workingDaysOnly: false },
      { ...base, overdueEveryDays: 5, bilanLeadDays: [30, 7, 1] },
      { ...base, workingDaysOnly: false, overdueEveryDays: 3, suiviLeadDays: 0, bilanLeadDays: [60] },
      { ...base, holidayRegion: "alsace_moselle", overdueEveryDays: 2 },
    ];
    let checked = 0;
    for (const settings of variants)
      for (const today of ["2026-12-28", "2026-11-23", "2027-05-14", "2026-12-29"])
        for (const back of [null, 1, 3, 4, 10]) {
          const since = back === null ? null : addDays(today, -back);
          const ranges = changedEcheanceDates(since, today, settings);
          for (let offset = -420; offset <= 95; offset++)
            for (const suivi of [false, true]) {
              const due = addDays(today, offset);
              const now = gives(suivi, due, today, settings);
              const changed =
                offset < -400 || (now !== null && (since === null || now !== gives(suivi, due, since, settings)));
              expect(inRanges(ranges, suivi, due), `${JSON.stringify(settings)} ${since} → ${today}: ${due}`).toBe(
                isPostingDay(today, settings) && changed,
              );
              checked++;
            }
        }
    expect(checked).toBeGreaterThan(50_000);
  });

  it("are few ranges on an ordinary day: the leads reached today and the overdue periods that turn", () => {
    // Tuesday after Monday, bilans at 14 and 2 days, overdue every working day, suivis at 7 days.
    const ranges = changedEcheanceDates("2026-11-23", "2026-11-24", base);
    expect(ranges).toEqual([
      // Every overdue bilan starts a new period (older ones are read anyway).
      { suivi: false, from: "0000-01-01", to: "2026-11-23" },
      { suivi: false, from: "2026-11-26", to: "2026-11-26" },
      { suivi: false, from: "2026-12-08", to: "2026-12-08" },
      { suivi: true, from: "0000-01-01", to: "2025-10-19" },
      { suivi: true, from: "2026-11-23", to: "2026-11-23" },
      { suivi: true, from: "2026-12-01", to: "2026-12-01" },
    ]);
    // Nothing is posted on a Saturday: nothing changes.
    expect(changedEcheanceDates("2026-11-27", "2026-11-28", base)).toEqual([]);
  });
});

describe("échéances a run settles", () => {
  const e = (id: string, kind: "bilan_6" | "suivi", dueDate: string) => ({ id, kind, dueDate, mesureRef: "M-2026-1" });
  const echeances = [
    e("far", "bilan_6", "2027-06-01"),
    e("due", "bilan_6", "2026-11-25"),
    e("late", "suivi", "2026-11-01"),
  ];
  const never = () => false;

  it("are those with no reminder today and those whose reminder is in the ledger, on a posting day only", () => {
    expect([...settledEcheances(echeances, "2026-11-24", base, never, never)]).toEqual(["far"]);
    const all = settledEcheances(echeances, "2026-11-24", base, (subject) => subject.startsWith("M-2026-1."), never);
    expect([...all].sort()).toEqual(["due", "far", "late"]);
    // A Saturday settles nothing: Monday's reminders are compared with Friday's.
    expect(settledEcheances(echeances, "2026-11-28", base, () => true, never).size).toBe(0);
  });

  it("leaves out one whose subject is snoozed, even before its reminder starts", () => {
    const snoozed = (subject: string) => subject === "M-2026-1.b6.20270601";
    expect([...settledEcheances(echeances, "2026-11-24", base, () => true, snoozed)].sort()).toEqual(["due", "late"]);
  });
});

describe("changed spans read in one statement", () => {
  it("are merged closest first, never across kinds, and still cover every span", () => {
    const spans = Array.from({ length: 40 }, (_, i) => ({
      suivi: i % 2 === 0,
      from: addDays("2026-01-01", i * 3 + (i % 5)),
      to: addDays("2026-01-01", i * 3 + (i % 5) + (i % 3)),
    }));
    const merged = fewerRanges(spans, 6);
    expect(merged.length).toBeLessThanOrEqual(6);
    for (const span of spans)
      expect(merged.some((m) => m.suivi === span.suivi && m.from <= span.from && span.to <= m.to)).toBe(true);
    expect(fewerRanges(spans.slice(0, 3))).toEqual(
      [...spans.slice(0, 3)].sort((a, b) => Number(a.suivi) - Number(b.suivi) || a.from.localeCompare(b.from)),
    );
  });
});

describe("a new échéance", () => {
  it("starts settled when closed already, or when no lead the settings accept can reach it from any time zone", () => {
    const at = new Date("2026-11-23T23:30:00Z"); // already the 24th east of Paris
    const due = (days: number) => addDays("2026-11-23", days);
    expect(startsSettled({ dueDate: due(LONGEST_LEAD_DAYS + 2), closed: false }, at)).toBe(false);
    expect(startsSettled({ dueDate: due(LONGEST_LEAD_DAYS + 3), closed: false }, at)).toBe(true);
    // Done or cancelled already: never read, whenever it was due.
    expect(startsSettled({ dueDate: due(-30), closed: true }, at)).toBe(true);
    expect(startsSettled({ dueDate: due(3), closed: true }, at)).toBe(true);
    // The longest lead the settings accept, seen from the next day: still nothing due.
    const longest = reminderSettings(readSettings({ reminders: { bilanLeadDays: [LONGEST_LEAD_DAYS] } }));
    expect(
      echeanceReminderOn("bilan_6", addDays("2026-11-23", LONGEST_LEAD_DAYS + 3), "2026-11-24", longest),
    ).toBeNull();
    // A longer lead is not accepted.
    expect(
      readSettings({ reminders: { bilanLeadDays: [LONGEST_LEAD_DAYS + 1] } }).reminders.bilanLeadDays,
    ).not.toContain(LONGEST_LEAD_DAYS + 1);
  });
});

describe("the mesure a snoozed subject names", () => {
  it("is read from an échéance's reminder subject only", () => {
    expect(echeanceSubjectMesure("bilan_soon", "IML-2026-001.b6.20270105")).toBe("IML-2026-001");
    expect(echeanceSubjectMesure("suivi_overdue", "M-2026-1.s.20261201")).toBe("M-2026-1");
    expect(echeanceSubjectMesure("advance_overdue", "AV-2026-001")).toBeNull();
    expect(echeanceSubjectMesure("candidature_waiting", "C-2026-001.b6.20270105")).toBeNull();
    expect(echeanceSubjectMesure("bilan_soon", "IML-2026-001")).toBeNull();
  });
});
