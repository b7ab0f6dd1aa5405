import { describe, expect, it } from "vitest";
import {
  ATYPICAL_JUSTIFICATION_MIN,
  atypicalRule,
  categoryRule,
  claimDatesRule,
  claimPeriodRule,
  procedureCostRule,
  repairRule,
  unpaidRentRule,
  vacancyRule,
} from "../../src/domain/claim-rules.ts";
import { readSettings } from "../../src/domain/settings.ts";

const rules = readSettings({}).securisation;
const today = "2026-11-21";

const refusedBy = (outcome: { ok: boolean; refusal?: { rule: string } }) => (outcome.ok ? null : outcome.refusal?.rule);

describe("the fund's rule on vacancy", () => {
  it("refuses a vacancy that does not go beyond the first month, at 19 days and at exactly one month", () => {
    expect(refusedBy(vacancyRule({ du: "2026-10-01", au: "2026-10-20" }, today, rules))).toBe("rule_vacancy_too_short");
    expect(refusedBy(vacancyRule({ du: "2026-01-01", au: "2026-02-01" }, today, rules))).toBe("rule_vacancy_too_short");
    // Still vacant, 20 days so far: counted up to today, so refused too.
    expect(refusedBy(vacancyRule({ du: "2026-11-01" }, today, rules))).toBe("rule_vacancy_too_short");
  });

  it("accepts a vacancy one day beyond the first month, counting only what lies beyond it", () => {
    const outcome = vacancyRule({ du: "2026-01-01", au: "2026-02-02" }, today, rules);
    expect(outcome).toMatchObject({ ok: true, value: { kind: "vacance", from: "2026-02-01", to: "2026-02-02" } });
  });

  it("counts up to 3.5 months beyond the first: 4.5 months exactly is not capped, 5 months is", () => {
    expect(vacancyRule({ du: "2026-01-01", au: "2026-05-16", loyer: 45_000 }, today, rules)).toMatchObject({
      ok: true,
      value: { months: 3.5, capped: false, indicativeCents: 157_500 },
    });
    expect(vacancyRule({ du: "2026-01-01", au: "2026-06-01" }, today, rules)).toMatchObject({
      ok: true,
      value: { from: "2026-02-01", to: "2026-05-16", months: 3.5, capped: true },
    });
  });

  it("counts the first month too when the setting says so, still only for a vacancy beyond it", () => {
    const firstMonthPaid = { ...rules, excludeFirstVacancyMonth: false };
    expect(vacancyRule({ du: "2026-01-01", au: "2026-03-01" }, today, firstMonthPaid)).toMatchObject({
      ok: true,
      value: { from: "2026-01-01", to: "2026-03-01", months: 2 },
    });
    expect(refusedBy(vacancyRule({ du: "2026-01-01", au: "2026-01-25" }, today, firstMonthPaid))).toBe(
      "rule_vacancy_too_short",
    );
  });
});

describe("the fund's rule on unpaid rent", () => {
  const base = { du: "2026-01-05", au: "2026-03-31", aide: "FSL refusé en avril" };

  it("needs common-law aid requested and refused, and says which option is missing", () => {
    expect(unpaidRentRule({ du: base.du, au: base.au }, rules)).toMatchObject({
      ok: false,
      refusal: { rule: "claim_field_required", context: { option: "aide_refusee" } },
    });
    expect(refusedBy(unpaidRentRule({ ...base, aide_refusee: false }, rules))).toBe("aid_not_refused");
    expect(unpaidRentRule({ du: base.du, au: base.au, aide_refusee: true }, rules)).toMatchObject({
      refusal: { context: { option: "aide" } },
    });
  });

  it("counts 3 months at the limit and only the first 3 beyond it", () => {
    expect(unpaidRentRule({ ...base, aide_refusee: true }, rules)).toMatchObject({
      ok: true,
      value: { counted: ["2026-01", "2026-02", "2026-03"], capped: false },
    });
    expect(unpaidRentRule({ ...base, au: "2026-04-30", aide_refusee: true, loyer: 50_000 }, rules)).toMatchObject({
      ok: true,
      value: { counted: ["2026-01", "2026-02", "2026-03"], capped: true, indicativeCents: 150_000 },
    });
  });
});

describe("the fund's rules on repairs, procedure costs and atypical cases", () => {
  it("covers repairs only for exceptional damage, described", () => {
    expect(refusedBy(repairRule({ exceptionnel: false, justification: "Usure des peintures" }))).toBe(
      "rule_repair_not_exceptional",
    );
    expect(repairRule({ justification: "Porte enfoncée" })).toMatchObject({
      refusal: { context: { option: "exceptionnel" } },
    });
    expect(repairRule({ exceptionnel: true })).toMatchObject({ refusal: { context: { option: "justification" } } });
    expect(repairRule({ exceptionnel: true, justification: "Porte enfoncée" }).ok).toBe(true);
  });

  it("covers bailiff or lawyer fees tied to a rent debt or an eviction", () => {
    expect(procedureCostRule({ lien: "expulsion", justification: "Commandement" })).toMatchObject({
      refusal: { context: { option: "nature" } },
    });
    expect(procedureCostRule({ nature: "huissier", justification: "Commandement" })).toMatchObject({
      refusal: { context: { option: "lien" } },
    });
    expect(procedureCostRule({ nature: "avocat", lien: "dette_locative", justification: "Honoraires" }).ok).toBe(true);
  });

  it("needs an atypical case justified in a sentence, not a word", () => {
    const short = "x".repeat(ATYPICAL_JUSTIFICATION_MIN - 1);
    expect(refusedBy(atypicalRule({ justification: short }))).toBe("rule_atypical_justification");
    expect(atypicalRule({ justification: `${short}y` }).ok).toBe(true);
  });

  it("names the category with a missing field", () => {
    expect(categoryRule("frais_procedure", {}, today, rules)).toMatchObject({
      refusal: {
        rule: "claim_field_required",
        context: { option: "nature", category: "$t(common:claim_category.frais_procedure)" },
      },
    });
  });
});

describe("a claim's dates", () => {
  it("refuses a period backwards or in the future", () => {
    expect(refusedBy(claimDatesRule({ du: "2026-05-01", au: "2026-02-01" }, today))).toBe("end_before_start");
    expect(refusedBy(claimDatesRule({ du: "2026-11-22" }, today))).toBe("date_in_future");
    expect(claimDatesRule({ du: "2026-11-21" }, today).ok).toBe(true);
  });

  it("keeps a household's claim inside the life of one of its mesures, both ends included", () => {
    const mesures = [
      { reference: "IML-2025-004", entryDate: "2025-03-01", endDate: "2025-12-31" },
      { reference: "IML-2026-002", entryDate: "2026-03-01", endDate: null },
    ];
    expect(claimPeriodRule({ from: "2026-03-01", to: today }, mesures, today)).toMatchObject({
      ok: true,
      value: { reference: "IML-2026-002" },
    });
    expect(claimPeriodRule({ from: "2025-03-01", to: "2025-12-31" }, mesures, today)).toMatchObject({
      ok: true,
      value: { reference: "IML-2025-004" },
    });
    expect(claimPeriodRule({ from: "2026-02-28", to: "2026-04-30" }, mesures, today)).toMatchObject({
      ok: false,
      // The mesure the period overlaps is the one named, with its dates.
      refusal: { rule: "rule_claim_outside_mesure", context: { mesure: "IML-2026-002", entryDate: "2026-03-01" } },
    });
    expect(refusedBy(claimPeriodRule({ from: "2025-12-01", to: "2026-01-15" }, mesures, today))).toBe(
      "rule_claim_outside_mesure",
    );
    expect(refusedBy(claimPeriodRule({ from: "2026-03-01", to: "2026-04-01" }, [], today))).toBe(
      "rule_claim_without_mesure",
    );
  });
});
