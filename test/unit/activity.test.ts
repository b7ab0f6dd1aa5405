import { describe, expect, it } from "vitest";
import {
  type ActivityInput,
  type ActivityMesure,
  computeActivity,
  landlordCategory,
  PRIVATE_OWNER_CATEGORY,
  quotaMonths,
} from "../../src/domain/activity.ts";
import { securisationYear } from "../../src/domain/securisation-totals.ts";
import { median, summarizeDurations } from "../../src/domain/statistics.ts";

const mesure = (over: Partial<ActivityMesure> & { householdId: string; entryDate: string }): ActivityMesure => ({
  dispositifId: "d1",
  endDate: null,
  endReason: null,
  parc: "public",
  landlord: null,
  categories: { public: "famille" },
  bilans: [],
  ...over,
});

const input = (mesures: ActivityMesure[], over: Partial<ActivityInput> = {}): ActivityInput => ({
  dispositifs: [{ id: "d1", name: "DALO", agrementStartMonth: 1, quotas: [{ year: 2026, approved: 5 }] }],
  mesures,
  candidatures: [],
  situations: [],
  securisation: null,
  ...over,
});

describe("annual activity figures", () => {
  const year = [
    mesure({ householdId: "h1", entryDate: "2025-09-15", endDate: "2026-03-16", endReason: "glissement" }),
    mesure({ householdId: "h2", entryDate: "2025-10-01" }),
    mesure({ householdId: "h3", entryDate: "2026-02-01", endDate: "2026-08-01", endReason: "echec", parc: "prive" }),
    mesure({ householdId: "h4", entryDate: "2026-05-10", categories: { public: null } }),
    // Ended before the year and entered after the report's date: not followed.
    mesure({ householdId: "h5", entryDate: "2024-01-01", endDate: "2025-06-30", endReason: "depart" }),
    mesure({ householdId: "h6", entryDate: "2026-11-02" }),
  ];

  it("counts households running on 1 January, entered, left and running at the end of the period", () => {
    const r = computeActivity(input(year), 2026, "2026-10-15");
    expect(r.periodEnd).toBe("2026-10-15");
    expect(r.households).toEqual({ runningAtStart: 2, entered: 2, left: 2, runningAtEnd: 2, followed: 4 });
    expect(r.exits).toEqual({ glissement: 1, echec: 1 });
    expect(r.stock).toEqual({ public: 3, prive: 1 });
    expect(r.outcomes).toEqual({ glissements: 1, prolongations: 0, ends: 1 });
  });

  it("counts a household once, with a category left blank shown as not recorded", () => {
    const twice = [
      ...year,
      mesure({ householdId: "h2", entryDate: "2026-04-01", categories: { public: "homme_seul" } }),
    ];
    const r = computeActivity(input(twice), 2026, "2026-12-31");
    // Five households (h2 twice, counted once), h6 entered in November.
    expect(r.households.followed).toBe(5);
    // h2's latest mesure says homme_seul; h4 has no public recorded.
    expect(r.categories.public).toEqual({ famille: 3, homme_seul: 1, non_renseigne: 1 });
  });

  it("takes any new household category, single or multiple, without a change to the computation", () => {
    const r = computeActivity(
      input([
        mesure({
          householdId: "h1",
          entryDate: "2026-01-05",
          categories: { composition: "isole", barriers: ["dettes", "sante"] },
        }),
        mesure({
          householdId: "h2",
          entryDate: "2026-01-06",
          categories: { composition: "couple_enfants", barriers: [] },
        }),
      ]),
      2026,
      "2026-12-31",
    );
    expect(r.categories.composition).toEqual({ isole: 1, couple_enfants: 1 });
    expect(r.categories.barriers).toEqual({ dettes: 1, sante: 1, non_renseigne: 1 });
  });

  it("measures follow-up up to the exit or the end of the period, and the time to glissement", () => {
    const r = computeActivity(input(year), 2026, "2026-12-31");
    expect(r.timeToGlissement.count).toBe(1);
    expect(r.timeToGlissement.medianMonths).toBe(6);
    expect(r.followUp.count).toBe(5);
    expect(r.followUp.maxMonths).toBe(15);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(summarizeDurations([])).toEqual({
      count: 0,
      meanMonths: null,
      medianMonths: null,
      minMonths: null,
      maxMonths: null,
    });
  });

  it("counts bilans by kind apart from follow-up reviews, and prolongations apart from exits", () => {
    const withBilans = [
      mesure({
        householdId: "h1",
        entryDate: "2026-01-10",
        bilans: [
          { kind: "bilan_6", outcome: "prolonger", heldOn: "2026-07-10", rentPaid: "oui", stable: "partiellement" },
          { kind: "suivi", outcome: "poursuivre", heldOn: "2026-03-10" },
          { kind: "bilan_10", outcome: "prolonger", heldOn: "2027-01-10" },
        ],
      }),
    ];
    const r = computeActivity(input(withBilans), 2026, "2026-12-31");
    expect(r.support).toEqual({ bilansByKind: { bilan_6: 1 }, suivis: 1, situations: 0 });
    expect(r.outcomes.prolongations).toBe(1);
    // Conditions as answered at the bilans of the period; follow-up reviews do not answer them.
    expect(r.conditions).toEqual({ rentPaid: { oui: 1 }, stable: { partiellement: 1 } });
  });

  it("draws no month after the report's date, with the quota of each month's agrément year", () => {
    const dispositif = {
      id: "d1",
      name: "DALO",
      agrementStartMonth: 9,
      quotas: [
        { year: 2025, approved: 4 },
        { year: 2026, approved: 6 },
      ],
    };
    const months = quotaMonths(dispositif, year, 2026, "2026-10-15");
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(months[7]).toEqual({ month: 8, approved: 4, held: 2 });
    expect(months[8]).toEqual({ month: 9, approved: 6, held: 2 });
    // h1 slid on 16 March: held at the end of February, freed by the end of March.
    expect(months[1]?.held).toBe(3);
    expect(months[2]?.held).toBe(2);
  });

  it("says a year or a scheme without anything is empty, and counts the fund's year as activity", () => {
    expect(computeActivity(input([]), 2019, "2026-10-15").empty).toBe(true);
    const quiet = securisationYear({ claims: [], payments: [], advanceMovements: [] }, 2026, "2026-12-31");
    expect(computeActivity(input([], { securisation: quiet }), 2026, "2026-12-31").empty).toBe(true);
    // An advance disbursed the year before and not yet repaid is still owed: the fund had a year.
    const owed = securisationYear(
      {
        claims: [],
        payments: [],
        advanceMovements: [{ advanceId: "a", kind: "verser", date: "2025-11-02", cents: 500000 }],
      },
      2026,
      "2026-12-31",
    );
    const r = computeActivity(input([], { securisation: owed }), 2026, "2026-12-31");
    expect(r.empty).toBe(false);
    expect(r.securisation?.advances.outstandingCents).toBe(500000);
  });
});

describe("landlordCategory", () => {
  it("counts the list's organisation, a private owner without a name, and nothing for a mesure opened before the list", () => {
    expect(landlordCategory("Finistère Habitat", "Finistère Habitat", "public")).toBe("Finistère Habitat");
    expect(landlordCategory(null, "", "prive")).toBe(PRIVATE_OWNER_CATEGORY);
    expect(landlordCategory(null, "", "public")).toBeNull();
    expect(landlordCategory(null, "Un nom tapé avant la liste", "prive")).toBeNull();
  });
});
