import { describe, expect, it } from "vitest";
import { canMove, monthsBetween, unpaidEligibility, vacancyEligibility } from "../../src/domain/securisation.ts";
import { readSettings } from "../../src/domain/settings.ts";

const rules = readSettings({}).securisation;

describe("sécurisation rules", () => {
  it("covers a 5-month vacancy from the second month, for 3.5 months, and says it is capped", () => {
    expect(vacancyEligibility("2026-01-01", "2026-06-01", "2026-11-21", rules)).toEqual({
      from: "2026-02-01",
      to: "2026-05-16",
      months: 3.5,
      capped: true,
      stillVacant: false,
      outsideRules: null,
    });
  });

  it("counts a short vacancy beyond the first month, and refuses one within it", () => {
    expect(vacancyEligibility("2026-01-10", "2026-03-10", "2026-11-21", rules)).toMatchObject({
      from: "2026-02-10",
      to: "2026-03-10",
      months: 1,
      capped: false,
    });
    expect(vacancyEligibility("2026-01-10", "2026-02-05", "2026-11-21", rules).outsideRules).toBe("vacancy_too_short");
  });

  it("counts a still-vacant home up to today, and the first month when the setting says so", () => {
    expect(vacancyEligibility("2026-09-01", undefined, "2026-11-21", rules)).toMatchObject({
      from: "2026-10-01",
      to: "2026-11-21",
      months: 1.5,
      stillVacant: true,
    });
    const firstMonthPaid = { ...rules, excludeFirstVacancyMonth: false };
    expect(vacancyEligibility("2026-01-01", "2026-06-01", "2026-11-21", firstMonthPaid)).toMatchObject({
      from: "2026-01-01",
      to: "2026-04-16",
      months: 3.5,
      capped: true,
    });
  });

  it("counts at most 3 months of unpaid rent, the first ones, and says which", () => {
    expect(unpaidEligibility("2026-01-05", "2026-04-30", rules)).toEqual({
      months: ["2026-01", "2026-02", "2026-03", "2026-04"],
      counted: ["2026-01", "2026-02", "2026-03"],
      capped: true,
    });
    expect(unpaidEligibility("2026-11-01", "2027-01-31", rules)).toEqual({
      months: ["2026-11", "2026-12", "2027-01"],
      counted: ["2026-11", "2026-12", "2027-01"],
      capped: false,
    });
  });

  it("measures months in half-month steps", () => {
    expect(monthsBetween("2026-01-31", "2026-02-28")).toBe(1);
    expect(monthsBetween("2026-01-01", "2026-01-20")).toBe(0.5);
    expect(monthsBetween("2026-01-01", "2026-01-10")).toBe(0);
  });

  it("moves claims only along the fund's process", () => {
    expect(canMove("en_instruction", "incomplete")).toBe(true);
    expect(canMove("incomplete", "en_instruction")).toBe(true);
    expect(canMove("rejetee", "payee")).toBe(false);
    expect(canMove("soumise", "payee")).toBe(false);
    expect(canMove("acceptee", "payee")).toBe(true);
    expect(canMove("acceptee", "partiellement_payee")).toBe(true);
    expect(canMove("partiellement_payee", "payee")).toBe(true);
    expect(canMove("partiellement_payee", "acceptee")).toBe(false);
    expect(canMove("brouillon", "soumise")).toBe(true);
    expect(canMove("brouillon", "en_instruction")).toBe(false);
  });
});
