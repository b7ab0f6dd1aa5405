import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  daysBetween,
  isValidIsoDate,
  normalizeDateInput,
  todayIn,
} from "../../src/domain/calendar.ts";
import { planEcheances } from "../../src/domain/schedule.ts";
import { agrementYear } from "../../src/domain/quota.ts";

describe("calendar", () => {
  it("clamps month arithmetic to the end of shorter months", () => {
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-15", -3)).toBe("2025-12-15");
    expect(addMonths("2026-05-31", 12)).toBe("2027-05-31");
  });

  it("adds days across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
  });

  it("validates and normalizes what people type", () => {
    expect(isValidIsoDate("2026-02-29")).toBe(false);
    expect(isValidIsoDate("2028-02-29")).toBe(true);
    expect(isValidIsoDate("2026-13-01")).toBe(false);
    expect(normalizeDateInput("31/08/2026")).toBe("2026-08-31");
    expect(normalizeDateInput("1.9.2026")).toBe("2026-09-01");
    expect(normalizeDateInput("2026-08-31")).toBe("2026-08-31");
  });

  it("gives today's date in the territory's time zone, not UTC", () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(todayIn("Europe/Paris", new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(todayIn("America/Cayenne", new Date("2027-01-01T01:00:00Z"))).toBe("2026-12-31");
  });

  it("turns the day at the zone's midnight, to the millisecond, however often it is asked", () => {
    // Asked every few milliseconds across Paris's midnight, Kolkata's (+05:30) and Kathmandu's (+05:45).
    for (const [zone, midnight, before, after] of [
      ["Europe/Paris", Date.parse("2026-12-31T23:00:00Z"), "2026-12-31", "2027-01-01"],
      ["Asia/Kolkata", Date.parse("2026-12-31T18:30:00Z"), "2026-12-31", "2027-01-01"],
      ["Asia/Kathmandu", Date.parse("2026-12-31T18:15:00Z"), "2026-12-31", "2027-01-01"],
    ] as const) {
      for (let at = midnight - 90_000; at < midnight + 90_000; at += 7)
        expect(todayIn(zone, new Date(at)), `${zone} ${new Date(at).toISOString()}`).toBe(
          at < midnight ? before : after,
        );
      // Back in time (a test's clock, a replayed run): the day follows the instant asked.
      expect(todayIn(zone, new Date(midnight - 1))).toBe(before);
    }
    // Two zones asked in turn within one minute each keep their own day.
    for (let second = 0; second < 60; second += 5) {
      const at = new Date(Date.parse("2026-12-31T23:00:00Z") + second * 1000);
      expect(todayIn("Europe/Paris", at)).toBe("2027-01-01");
      expect(todayIn("America/Cayenne", at)).toBe("2026-12-31");
    }
  });

  it("computes the year of agrément from its first month", () => {
    expect(agrementYear("2026-03-10", 1)).toBe(2026);
    expect(agrementYear("2026-03-10", 9)).toBe(2025);
    expect(agrementYear("2026-09-01", 9)).toBe(2026);
  });

  it("plans bilans at 6 and 10 months, the slide at 12 and follow-ups every 2 months", () => {
    const plan = planEcheances("2025-08-31", {
      firstBilanMonths: 6,
      secondBilanMonths: 10,
      slideDecisionMonths: 12,
      followUpMonths: 2,
    });
    expect(plan).toEqual([
      { kind: "suivi", dueDate: "2025-10-31" },
      { kind: "suivi", dueDate: "2025-12-31" },
      { kind: "bilan_6", dueDate: "2026-02-28" },
      { kind: "suivi", dueDate: "2026-04-30" },
      { kind: "bilan_10", dueDate: "2026-06-30" },
      { kind: "glissement_12", dueDate: "2026-08-31" },
    ]);
  });
});
