import { describe, expect, it } from "vitest";
import { echeanceOverdue, entryDateProblem, MAX_ENTRY_AHEAD_DAYS } from "../../src/domain/mesure.ts";
import { addDays } from "../../src/domain/calendar.ts";

describe("a mesure's dates", () => {
  it("counts an échéance overdue from the day after it was due, across months and years", () => {
    expect(echeanceOverdue("2026-12-04", "2026-12-04")).toBe(false);
    expect(echeanceOverdue("2026-12-05", "2026-12-04")).toBe(false);
    expect(echeanceOverdue("2026-12-03", "2026-12-04")).toBe(true);
    expect(echeanceOverdue("2026-11-30", "2026-12-01")).toBe(true);
    expect(echeanceOverdue("2026-12-31", "2027-01-01")).toBe(true);
    expect(echeanceOverdue("2027-01-01", "2026-12-31")).toBe(false);
  });

  it("takes a move-in more than six months ahead for a typing mistake", () => {
    const today = "2026-12-04";
    expect(entryDateProblem(addDays(today, MAX_ENTRY_AHEAD_DAYS), today)).toBeNull();
    expect(entryDateProblem(addDays(today, MAX_ENTRY_AHEAD_DAYS + 1), today)).toBe("entry_too_far");
    expect(entryDateProblem("2026-01-15", today)).toBeNull();
  });
});
