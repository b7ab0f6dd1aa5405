import { describe, expect, it } from "vitest";
import { holdingWindow, holdsUnitIn, quotaUse, yearsChecked } from "../../src/domain/quota.ts";

describe("quota per year of agrément", () => {
  it("bounds a year of agrément by its start month, from a later day when given", () => {
    expect(holdingWindow(2026, 1)).toEqual({ from: "2026-01-01", until: "2027-01-01" });
    expect(holdingWindow(2026, 9)).toEqual({ from: "2026-09-01", until: "2027-09-01" });
    expect(holdingWindow(2026, 9, "2027-02-10")).toEqual({ from: "2027-02-10", until: "2027-09-01" });
    expect(holdingWindow(2026, 9, "2026-03-01")).toEqual({ from: "2026-09-01", until: "2027-09-01" });
  });

  it("holds a unit from the entry until the end, open-ended while running", () => {
    const y2026 = holdingWindow(2026, 1);
    const y2027 = holdingWindow(2027, 1);
    const running = { entryDate: "2026-11-15", endDate: null };
    expect(holdsUnitIn(running, y2026)).toBe(true);
    expect(holdsUnitIn(running, y2027)).toBe(true);
    const nextYear = { entryDate: "2027-01-10", endDate: null };
    expect(holdsUnitIn(nextYear, y2026)).toBe(false);
    expect(holdsUnitIn(nextYear, y2027)).toBe(true);
    // Ended on the first day of 2027: it no longer holds one of 2027's units.
    expect(holdsUnitIn({ entryDate: "2026-03-01", endDate: "2027-01-01" }, y2027)).toBe(false);
    expect(holdsUnitIn({ entryDate: "2026-03-01", endDate: "2027-01-02" }, y2027)).toBe(true);
    // Counted from an entry date: what ended before it does not hold the unit any more.
    expect(holdsUnitIn({ entryDate: "2026-03-01", endDate: "2026-06-01" }, holdingWindow(2026, 1, "2026-06-01"))).toBe(
      false,
    );
  });

  it("never says a negative remaining: the excess is over-commitment", () => {
    expect(quotaUse(3, 5)).toEqual({ approved: 3, held: 5, remaining: 0, overCommitted: 2 });
    expect(quotaUse(5, 3)).toEqual({ approved: 5, held: 3, remaining: 2, overCommitted: 0 });
  });

  it("checks the entry's year and the later approved years only", () => {
    expect(yearsChecked(2026, [2025, 2028, 2026, 2027])).toEqual([2026, 2027, 2028]);
    expect(yearsChecked(2027, [2026])).toEqual([2027]);
  });
});
