import { describe, expect, it } from "vitest";
import { agendaUntil, claimStepsFor, HOME_HORIZON_DAYS } from "../../src/domain/home.ts";

describe("a member's list", () => {
  it("looks 30 days ahead, across months and years", () => {
    expect(HOME_HORIZON_DAYS).toBe(30);
    expect(agendaUntil("2026-12-15")).toBe("2027-01-14");
    expect(agendaUntil("2026-02-10", 20)).toBe("2026-03-02");
  });

  it("waits on a declarer for what is missing, on finance for every step it takes", () => {
    expect(claimStepsFor(false)).toEqual({ declared: ["incomplete"], any: [] });
    expect(claimStepsFor(true).any).toEqual(["soumise", "en_instruction", "acceptee"]);
  });
});
