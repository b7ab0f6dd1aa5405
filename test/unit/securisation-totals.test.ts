import { describe, expect, it } from "vitest";
import { formatCents } from "../../src/core/i18n.ts";
import { securisationYear } from "../../src/domain/securisation-totals.ts";

describe("a year of sécurisation in cents", () => {
  const input = {
    claims: [
      {
        category: "vacance" as const,
        submittedOn: "2026-02-01",
        claimedCents: 300_000,
        acceptedCents: 250_000,
        acceptedOn: "2026-03-01",
      },
      {
        category: "vacance" as const,
        submittedOn: "2026-12-20",
        claimedCents: 100_001,
        acceptedCents: 100_001,
        acceptedOn: "2027-01-10",
      },
      {
        category: "impayes" as const,
        submittedOn: "2025-12-15",
        claimedCents: 180_000,
        acceptedCents: 150_000,
        acceptedOn: "2026-01-05",
      },
      {
        category: "cas_atypique" as const,
        submittedOn: null,
        claimedCents: null,
        acceptedCents: null,
        acceptedOn: null,
      },
    ],
    payments: [
      { category: "vacance" as const, date: "2026-04-01", cents: 125_000 },
      { category: "vacance" as const, date: "2026-05-01", cents: 124_999 },
      { category: "impayes" as const, date: "2025-12-31", cents: 1 },
      { category: "impayes" as const, date: "2026-02-01", cents: 150_000 },
    ],
    advanceMovements: [
      { advanceId: "a", kind: "demander", date: "2025-11-01", cents: 500_000 },
      { advanceId: "a", kind: "accorder", date: "2025-11-10", cents: 500_000 },
      { advanceId: "a", kind: "verser", date: "2025-11-20", cents: 500_000 },
      { advanceId: "a", kind: "rembourser", date: "2026-03-01", cents: 200_000 },
      { advanceId: "b", kind: "demander", date: "2026-06-01", cents: 99_999 },
      { advanceId: "b", kind: "accorder", date: "2026-06-02", cents: 99_999 },
      { advanceId: "b", kind: "verser", date: "2026-06-03", cents: 99_999 },
      { advanceId: "c", kind: "demander", date: "2026-07-01", cents: 10_000 },
      { advanceId: "c", kind: "refuser", date: "2026-07-02", cents: 0 },
    ],
  };

  it("counts each figure by its own date and adds up to the cent", () => {
    const year = securisationYear(input, 2026, "2027-02-01");
    const vacance = year.categories.find((c) => c.category === "vacance")?.figures;
    const impayes = year.categories.find((c) => c.category === "impayes")?.figures;
    expect(vacance).toEqual({ count: 2, claimedCents: 400_001, acceptedCents: 250_000, paidCents: 249_999 });
    expect(impayes).toEqual({ count: 0, claimedCents: 0, acceptedCents: 150_000, paidCents: 150_000 });
    expect(year.categories.map((c) => c.category)).toEqual([
      "vacance",
      "impayes",
      "remise_en_etat",
      "frais_procedure",
      "cas_atypique",
    ]);
    expect(year.total).toEqual({ count: 2, claimedCents: 400_001, acceptedCents: 400_000, paidCents: 399_999 });
    expect(year.advances).toEqual({
      requested: 2,
      grantedCents: 99_999,
      disbursedCents: 99_999,
      repaidCents: 200_000,
      outstandingCents: 399_999,
    });
    expect(year.until).toBe("2026-12-31");
  });

  it("counts what is owed up to today in the current year", () => {
    expect(securisationYear(input, 2026, "2026-04-01").advances.outstandingCents).toBe(300_000);
    expect(securisationYear(input, 2026, "2026-04-01").until).toBe("2026-04-01");
  });
});

describe("amounts on screen", () => {
  it("writes euros the French way in both languages, narrow no-break space between thousands", () => {
    for (const locale of ["fr", "en"] as const) {
      expect(formatCents(123_450, locale)).toBe("1\u202f234,50\u00a0€");
      expect(formatCents(1, locale)).toBe("0,01\u00a0€");
      expect(formatCents(100_000_000, locale)).toBe("1\u202f000\u202f000,00\u00a0€");
      expect(formatCents(-5_005, locale)).toBe("-50,05\u00a0€");
    }
  });
});
