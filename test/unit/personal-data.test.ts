import { describe, expect, it } from "vitest";
import { nirKey, personalDataIn, type PersonalDataKind } from "../../src/domain/personal-data.ts";

const TODAY = "2026-12-02";
const kinds = (text: string) => personalDataIn(text, TODAY);

function finds(kind: PersonalDataKind, examples: string[]) {
  it.each(examples)(`finds ${kind} in %s`, (text) => {
    expect(kinds(text)).toContain(kind);
  });
}

function ignores(kind: PersonalDataKind, examples: string[]) {
  it.each(examples)(`finds no ${kind} in %s`, (text) => {
    expect(kinds(text)).not.toContain(kind);
  });
}

describe("phone numbers", () => {
  finds("phone", [
    "Joindre au 06 12 34 56 78 le matin",
    "portable 06.12.34.56.78",
    "tel 06-12-34-56-78",
    "tel 0612345678",
    "appeler le +33 6 12 34 56 78",
    "appeler le +33 (0)6 12 34 56 78",
    "appeler le 0033 6 12 34 56 78",
    "appeler le (+33) 6 12 34 56 78",
    "fixe 02 98 76 54 32",
    "famille au Royaume-Uni : +44 20 7946 0958",
    "numéro belge +32470123456",
    "US +14155552671",
  ]);
  ignores("phone", [
    "Dette de 1 200 € au 12/03/2026",
    "Dossier FSL 2025-0042 déposé",
    "T3 de 62 m² au 2e étage",
    "Loyer 612,34 € ; APL 245 €",
    "Réf. M-2026-014, 3 enfants",
  ]);
});

describe("e-mail addresses", () => {
  finds("email", [
    "écrire à marie.dupont@example.org",
    "fatima (at) gmail.com",
    "fatima [at] gmail [dot] com",
    "fatima arobase gmail point com",
    "fatima @ gmail.com",
    "f.b{at}laposte(dot)net",
  ]);
  ignores("email", [
    "Rendez-vous à 14h au CCAS.",
    "Le bailleur @Finistère Habitat a répondu",
    "Bilan fait at home. Next step ok",
    "voir <@U024BE7LH> pour la suite",
  ]);
});

describe("NIR", () => {
  it("computes the key, Corsica included", () => {
    expect(nirKey("1850375123456")).toBe(41);
    expect(nirKey("285032A123456")).toBe(48);
    expect(nirKey("185032B123456")).toBe(28);
  });
  finds("nir", [
    "NIR 1 85 03 75 123 456 41",
    "numéro 185037512345641",
    "sécu 1-85-03-75-123-456-41",
    "sécu 1.85.03.75.123.456.41",
    "NIR 2 85 03 2A 123 456 48",
    "NIR 185032B12345628",
    "sans clé : 2 84 05 75 123 456",
  ]);
  ignores("nir", [
    "numéro 185037512345699 (clé fausse : pas un NIR)",
    "SIRET 12345678901234",
    "Dossier FSL 2025-0042",
    "Montant 1 850 375 €",
  ]);
});

describe("IBAN", () => {
  finds("iban", [
    "RIB FR76 3000 6000 0112 3456 7890 189 pour le virement",
    "FR7630006000011234567890189",
    "iban fr76 3000 6000 0112 3456 7890 189",
    "compte allemand DE89 3704 0044 0532 0130 00",
    "GB29 NWBK 6016 1331 9268 19",
  ]);
  ignores("iban", ["FR76 3000 6000 0112 3456 7890 188 (clé fausse)", "Dossier FR 2025 0042", "FSL 2025-0042"]);
});

describe("birth dates", () => {
  finds("birth_date", [
    "Madame, née le 3 mars, demande",
    "né le 03/10/1985",
    "né(e) le 3 mars 1985",
    "née le 12.04.92",
    "DDN : 12/04/1992",
    "date de naissance 1992-04-12",
    "naissance 1984-05-12 selon dossier",
    "born on March 3, 1985",
    "enfant né en 2019",
    "arrivé en France le 1er janvier 1990",
    "pièce du 14/07/2001",
  ]);
  ignores("birth_date", [
    "Bail signé le 03/10/2026 pour 3 ans",
    "FSL demandé le 12/03/2026, réponse attendue.",
    "Rendez-vous le 3 mars à 10h",
    "Entrée le 1er janvier 2024",
    "Paiement du 2025-11-30 reçu",
    "Donné le 12/11/2025 au bailleur",
    "DDN à vérifier avec la CAF",
  ]);
});

describe("names", () => {
  finds("name", [
    "M. Dupont a appelé",
    "Mme Benali absente",
    "Mlle Martin",
    "Monsieur Kaya relancé",
    "Madame Diallo",
    "Mr Smith",
    "Mrs Jones",
    "Dr Lefèvre suit la famille",
    "nom : Dupont",
    "Prénom: Fatima",
  ]);
  ignores("name", [
    "Madame la Préfète informée",
    "Monsieur le Maire saisi",
    "nom du bailleur à confirmer",
    "Finistère Habitat relancé",
    "M-2026-014 en retard",
  ]);
});

describe("street addresses", () => {
  finds("address", [
    "habite 12 rue de la Paix",
    "12 bis avenue Jean Jaurès",
    "3 ter, boulevard Gambetta",
    "5 impasse des Lilas",
    "8 allée du Moulin",
    "14 place de la République",
    "2 chemin creux",
    "40 route de Quimper",
    "1 cours Mirabeau",
    "Résidence : 7 résidence Les Tilleuls",
    "lieu : 3 lieu-dit Kerlan",
    "29900 Concarneau",
    "75011 Paris",
    "20000 Ajaccio",
  ]);
  ignores("address", [
    "3 places disponibles en CHRS",
    "2 cours de français par semaine",
    "Dette de 12000 Euros",
    "Logement T3 de 62 m²",
    "Finistère Habitat, parc public",
  ]);
});

describe("ordinary work text", () => {
  it.each([
    "Impayés depuis 3 mois, FSL demandé le 12/03/2026, réponse attendue.",
    "Dette de 1 234,50 € ; plan d'apurement de 12 mois proposé.",
    "Troubles de voisinage signalés par le bailleur, visite prévue.",
    "Référence M-2026-014, logement T2, 2 adultes et 3 enfants.",
    "Finistère Habitat propose un T3 de 62 m², loyer 1 200 €",
    "Dossier FSL 2025-0042 accordé à 80 %",
    "Paiement reçu le 15/11/2026, reste 15 %",
    "Bail signé le 03/10/2026 pour 3 ans",
    "Commission du 4 décembre 2026 à 14h30, salle 2",
    "Quimper Bretagne Habitat relancé ; ALT 6 mois",
    "Situation stable ✅, loyer payé « régulièrement » depuis 2025",
  ])("lets through: %s", (text) => {
    expect(kinds(text)).toEqual([]);
  });
});
