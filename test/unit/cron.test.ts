import { describe, expect, it } from "vitest";
import cron from "node-cron";
import { cronMatches, lastSlot, parseCron, wallClock } from "../../src/domain/cron.ts";

describe("cron schedules", () => {
  it("accepts what node-cron accepts, and refuses the rest", () => {
    for (const ok of ["0 8 * * 1-5", "*/15 * * * *", "30 7 1,15 * *", "0 18 * * 5"]) {
      expect(parseCron(ok), ok).not.toBeNull();
      expect(cron.validate(ok), ok).toBe(true);
    }
    for (const bad of ["", "0 8 * *", "61 8 * * *", "0 25 * * *", "a b c d e", "0 8 * * 1-9", "5-2 * * * *"])
      expect(parseCron(bad), bad).toBeNull();
  });

  it("fires at 08:00 Paris time on working days only", () => {
    const schedule = parseCron("0 8 * * 1-5")!;
    expect(cronMatches(schedule, wallClock(new Date("2026-11-23T07:00:00Z"), "Europe/Paris"))).toBe(true); // Monday 08:00 CET
    expect(cronMatches(schedule, wallClock(new Date("2026-11-22T07:00:00Z"), "Europe/Paris"))).toBe(false); // Sunday
    expect(cronMatches(schedule, wallClock(new Date("2026-07-06T06:00:00Z"), "Europe/Paris"))).toBe(true); // summer time
  });

  it("finds the last missed slot within a horizon", () => {
    const schedule = parseCron("0 8 * * 1-5")!;
    const now = new Date("2026-11-23T07:30:00Z"); // Monday 08:30
    expect(lastSlot(schedule, "Europe/Paris", now, new Date("2026-11-20T00:00:00Z"))?.toISOString()).toBe(
      "2026-11-23T07:00:00.000Z",
    );
    const beforeMonday = new Date("2026-11-23T06:00:00Z"); // Monday 07:00: Friday's slot
    expect(lastSlot(schedule, "Europe/Paris", beforeMonday, new Date("2026-11-20T00:00:00Z"))?.toISOString()).toBe(
      "2026-11-20T07:00:00.000Z",
    );
    expect(lastSlot(schedule, "Europe/Paris", beforeMonday, new Date("2026-11-21T00:00:00Z"))).toBeNull();
  });
});
