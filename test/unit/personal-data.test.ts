import { describe, expect, it } from "vitest";
import { personalDataIn } from "../../src/domain/personal-data.ts";

describe("personal data in free text", () => {
  it.each([
    ["Joindre au 06 12 34 56 78 le matin", ["phone"]],
    ["tel 0612345678", ["phone"]],
    ["appeler le +33 6 12 34 56 78", ["phone"]],
    ["écrire à marie.dupont@example.org", ["email"]],
    ["NIR 2 84 05 75 123 456 78", ["nir"]],
    ["numéro 184057512345678", ["nir"]],
    ["Madame, née le 3 mars, demande", ["birth_date"]],
    ["DDN à vérifier", ["birth_date"]],
    ["naissance 1984-05-12 selon dossier", ["birth_date"]],
  ])("finds identifiers in %s", (text, kinds) => {
    expect(personalDataIn(text)).toEqual(kinds);
  });

  it.each([
    "Impayés depuis 3 mois, FSL demandé le 12/03/2026, réponse attendue.",
    "Dette de 1 234,50 € ; plan d'apurement de 12 mois proposé.",
    "Troubles de voisinage signalés par le bailleur, visite prévue.",
    "Référence M-2026-014, logement T2, 2 adultes et 3 enfants.",
  ])("lets factual text through: %s", (text) => {
    expect(personalDataIn(text)).toEqual([]);
  });
});
