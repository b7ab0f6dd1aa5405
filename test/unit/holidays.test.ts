import { describe, expect, it } from "vitest";
import { easterSunday, isWorkingDay, onWorkingDay, publicHolidays } from "../../src/domain/holidays.ts";
import { planReminders } from "../../src/domain/reminders.ts";
import { onWorkingDays, planEcheances } from "../../src/domain/schedule.ts";
import { readSettings, reminderSettings } from "../../src/domain/settings.ts";

describe("French working days", () => {
  it("computes Easter Sunday, the earliest and latest possible included", () => {
    const known: Record<number, string> = {
      1818: "1818-03-22",
      1943: "1943-04-25",
      2000: "2000-04-23",
      2019: "2019-04-21",
      2024: "2024-03-31",
      2025: "2025-04-20",
      2026: "2026-04-05",
      2027: "2027-03-28",
      2038: "2038-04-25",
      2285: "2285-03-22",
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year)), year).toBe(date);
  });

  it("lists the eleven public holidays, and the two of Alsace-Moselle when set so", () => {
    const metropole = publicHolidays(2026);
    expect([...metropole.keys()].sort()).toEqual([
      "2026-01-01",
      "2026-04-06",
      "2026-05-01",
      "2026-05-08",
      "2026-05-14",
      "2026-05-25",
      "2026-07-14",
      "2026-08-15",
      "2026-11-01",
      "2026-11-11",
      "2026-12-25",
    ]);
    const alsace = publicHolidays(2026, "alsace_moselle");
    expect(alsace.size).toBe(13);
    expect(alsace.get("2026-04-03")).toBe("vendredi_saint");
    expect(alsace.get("2026-12-26")).toBe("saint_etienne");
    expect(publicHolidays(2027).get("2027-05-06")).toBe("ascension");
  });

  it("moves a date off weekends and holidays to the next working day", () => {
    expect(isWorkingDay("2026-04-06")).toBe(false); // Easter Monday
    expect(isWorkingDay("2026-04-03")).toBe(true);
    expect(isWorkingDay("2026-04-03", "alsace_moselle")).toBe(false);
    expect(onWorkingDay("2026-12-25")).toBe("2026-12-28"); // Friday holiday, then the weekend
    expect(onWorkingDay("2026-12-25", "alsace_moselle")).toBe("2026-12-28");
    expect(onWorkingDay("2027-01-01")).toBe("2027-01-04");
    expect(onWorkingDay("2026-05-25")).toBe("2026-05-26"); // Whit Monday
    expect(onWorkingDay("2026-03-10")).toBe("2026-03-10");
  });

  it("plans no échéance on a weekend or a public holiday", () => {
    const durations = { firstBilanMonths: 6, secondBilanMonths: 10, slideDecisionMonths: 12, followUpMonths: 2 };
    const plan = onWorkingDays(planEcheances("2026-03-01", durations), "metropole");
    expect(plan.find((e) => e.kind === "bilan_10")?.dueDate).toBe("2027-01-04");
    expect(plan.find((e) => e.kind === "glissement_12")?.dueDate).toBe("2027-03-01");
    expect(plan.every((e) => isWorkingDay(e.dueDate))).toBe(true);
  });

  it("does not count a public holiday as a working day for overdue reminders", () => {
    const settings = reminderSettings(readSettings({}));
    const snapshot = {
      echeances: [
        {
          id: "e1",
          kind: "bilan_6" as const,
          dueDate: "2026-05-13",
          mesureRef: "IML-2026-001",
          householdRef: "M-2026-001",
          followerId: null,
        },
      ],
      candidatures: [],
      meetings: [],
      actions: [],
      advances: [],
      claims: [],
      snoozes: [],
    };
    // Ascension (14 May 2026) is no working day: nothing overdue is repeated on it.
    expect(planReminders(snapshot, "2026-05-14", settings)).toEqual([]);
    const friday = planReminders(snapshot, "2026-05-15", settings);
    expect(friday.map((r) => r.kind)).toEqual(["bilan_overdue"]);
    // On Friday only one working day has passed since the due date (Thursday was a holiday).
    expect(friday[0]?.key).toContain("late-0");
  });
});

describe("counting working days", () => {
  it("agrees with a day-by-day count across years, regions and empty spans", async () => {
    const { workingDaysIn } = await import("../../src/domain/holidays.ts");
    const { addDays } = await import("../../src/domain/calendar.ts");
    const byDays = (from: string, to: string, region: "metropole" | "alsace_moselle") => {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, region)) n++;
      return n;
    };
    for (const region of ["metropole", "alsace_moselle"] as const)
      for (const from of ["2023-12-29", "2024-02-28", "2026-12-24", "2027-12-31"])
        for (const span of [-3, 0, 1, 2, 5, 40, 366, 800]) {
          const to = addDays(from, span);
          expect(workingDaysIn(from, to, region), `${region} ${from} → ${to}`).toBe(byDays(from, to, region));
        }
    // 2026 holds 252 working days in metropolitan France (104 weekend days, 9 holidays on weekdays).
    expect(workingDaysIn("2025-12-31", "2026-12-31")).toBe(252);
  });
});
