import { describe, expect, it } from "vitest";
import { ficheDocument, ficheMarkdown } from "../../src/cards/fiche.ts";
import { I18n } from "../../src/core/i18n.ts";
import type { FicheView } from "../../src/services/reports.ts";

const i18n = I18n.create();

const view: FicheView = {
  origin: { structure: "CCAS de Concarneau", territory: "Cornouaille", generatedOn: "2026-07-20" },
  mesureRef: "IML-2026-004",
  householdRef: "M-2026-004",
  dispositif: "DALO",
  entryDate: "2026-01-15",
  landlord: "Finistère Habitat",
  parc: "public",
  categories: [
    { name: "public", value: "famille" },
    { name: "resources", value: null },
  ],
  status: "active",
  endDate: null,
  endReason: null,
  plannedEndDate: "2027-01-15",
  next: { kind: "bilan_10", dueDate: "2026-11-15" },
  bilan: {
    heldOn: "2026-07-15",
    kind: "bilan_6",
    outcome: "prolonger",
    participants: ["bailleur", "menage", "travailleur"],
    conditions: { rentPaid: "oui", rentPaidRemark: null, stable: "partiellement", stableRemark: "emploi précaire" },
    endReason: null,
    reason: "Encore deux mois de loyers à régulariser.",
    worked: "budget",
    barriers: ["dettes", "logement_inadapte"],
  },
};

describe("fiche-bilan", () => {
  it("lays out the DDETS form: header, household, bilan, conditions ticked, decision, next step, signatures", () => {
    const doc = ficheDocument(view, { t: i18n.translator("fr"), locale: "fr" });
    expect(doc.header).toEqual({
      left: ["CCAS de Concarneau", "Cornouaille"],
      right: ["DALO", "Ménage M-2026-004 · mesure IML-2026-004"],
    });
    const rows = Object.fromEntries(doc.blocks.flatMap((b) => b.rows));
    expect(rows).toMatchObject({
      "Référence du ménage": "M-2026-004",
      Parc: "parc public",
      Public: "famille",
      Ressources: "non renseigné",
      "Type de bilan": "bilan à 6 mois",
      "Loyer payé régulièrement": "☒ oui   ☐ non   ☐ partiellement",
      "Situation du ménage stable": "☐ oui   ☐ non   ☒ partiellement — emploi précaire",
      Décision: "prolongée",
      Motif: "Encore deux mois de loyers à régulariser.",
      Suite: "bilan à 10 mois prévu le 15 nov. 2026",
      "Freins à la sortie relevés": "dettes, absence de logement adapté",
    });
    expect(rows.Participants).toBe("bailleur, ménage, travailleur social");
    expect(doc.signature.boxes).toHaveLength(2);
    expect(ficheMarkdown(doc)).toContain("## Conditions du glissement du bail");
  });

  it("speaks English, and says what was not recorded instead of leaving a blank", () => {
    const bare = { ...view, bilan: { ...view.bilan, participants: null, conditions: null, barriers: [] } };
    const rows = Object.fromEntries(
      ficheDocument(bare, { t: i18n.translator("en"), locale: "en" }).blocks.flatMap((b) => b.rows),
    );
    expect(rows["Rent paid regularly"]).toBe("not recorded");
    expect(rows["Took part"]).toBe("not recorded");
    expect(rows["Kind of bilan"]).toBe("6-month bilan");
    expect(rows["Barriers to exit noted"]).toBe("-");
  });
});
