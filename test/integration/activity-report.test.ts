import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Card } from "../../src/core/card.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { lookAtPdf } from "../support/pdf.ts";
import { admin, replayYear, staff } from "../support/report-year.ts";

function file(card: Card, suffix: string): Buffer {
  const found = card.files?.find((f) => f.name.endsWith(suffix));
  if (!found) throw new Error(`no ${suffix} file in ${card.files?.map((f) => f.name).join(", ")}`);
  return found.data;
}

/** What identifies a household or comes from free text in the replayed year: never in a report. */
// Landlords are organisations of the territory's list, which the report counts by name (see
// landlords.test.ts); a private owner is never named.
const IDENTIFYING =
  /M-202\d-\d|C-202\d-\d|IML-202\d|S-202\d|AV-202\d|Note factuelle|FSL|Propriétaire|Coordinatrice|Départ sans préavis|L-1/;

async function sheets(xlsx: Buffer): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out.set(sheet.name, rows);
  });
  return out;
}

describeEachDatabase("annual activity report", (provider) => {
  const clock = fixedClock(new Date("2025-09-01T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  let report: Card;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await replayYear(app, clock);
    report = await run(app, staff, "/rapport activite 2026");
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** The household-level truth, straight from the database, for 1 January to 15 October 2026. */
  async function truth() {
    const mesures = await app.database.prisma.mesure.findMany();
    const start = "2026-01-01";
    const end = "2026-10-15";
    const followed = mesures.filter((m) => m.entryDate <= end && (m.endDate === null || m.endDate >= start));
    const households = (list: typeof mesures) => new Set(list.map((m) => m.householdId)).size;
    return {
      runningAtStart: households(followed.filter((m) => m.entryDate < start)),
      entered: households(followed.filter((m) => m.entryDate >= start)),
      left: households(followed.filter((m) => m.endDate !== null && m.endDate <= end)),
      runningAtEnd: households(followed.filter((m) => m.endDate === null || m.endDate > end)),
      followed: households(followed),
      glissements: followed.filter((m) => m.endReason === "glissement").length,
      prive: followed.filter((m) => m.parc === "prive").length,
    };
  }

  it("goes to the asker with a message of counts only, and a PDF, a CSV, a workbook and two charts per scheme", async () => {
    expect(report.visibility).toBe("private");
    expect(report.files?.map((f) => f.name).sort()).toEqual([
      "rapport-activite-2026-tous-issues-DALO.png",
      "rapport-activite-2026-tous-issues-Sortie_de_structures.png",
      "rapport-activite-2026-tous-quota-DALO.png",
      "rapport-activite-2026-tous-quota-Sortie_de_structures.png",
      "rapport-activite-2026-tous.csv",
      "rapport-activite-2026-tous.pdf",
      "rapport-activite-2026-tous.xlsx",
    ]);
    const t = await truth();
    const text = cardText(report);
    expect(text).toContain(`Ménages suivis (total): ${t.followed}`);
    expect(text).toContain(`Entrés dans l'année: ${t.entered}`);
    expect(text).toContain(`Baux glissés: ${t.glissements}`);
    for (const field of report.fields ?? []) expect(field.value).toMatch(/^\d+$/);
    expect(text).not.toMatch(IDENTIFYING);
  });

  it("prints a PDF a reader accepts: title page, numbered pages, embedded fonts, figures that match the households", async () => {
    const pdf = lookAtPdf(file(report, ".pdf"));
    expect(pdf.pages).toBeGreaterThanOrEqual(4);
    expect(pdf.images).toHaveLength(pdf.pages);
    for (const png of pdf.images) expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(pdf.fonts.length).toBeGreaterThan(0);
    expect(pdf.fonts.every((f) => f.embedded)).toBe(true);
    for (const [i, page] of pdf.text.entries()) expect(page).toContain(`Page ${i + 1} / ${pdf.pages}`);
    const cover = pdf.text[0] ?? "";
    expect(cover).toContain("Rapport d'activité 2026");
    expect(cover).toMatch(/Structure\s+CCAS de Concarneau/);
    expect(cover).toMatch(/Territoire\s+Cornouaille/);
    expect(cover).toMatch(/Dispositif\s+tous dispositifs/);
    expect(cover).toMatch(/Période\s+du 1 janv\. 2026 au 15 oct\. 2026/);
    expect(cover).toMatch(/Généré le\s+15 oct\. 2026/);
    const body = pdf.text.join("\n");
    const t = await truth();
    expect(body).toMatch(new RegExp(`Présents au 1er janvier 2026\\s+${t.runningAtStart}\\n`));
    expect(body).toMatch(new RegExp(`Entrés dans l'année\\s+${t.entered}\\n`));
    expect(body).toMatch(new RegExp(`Sortis dans l'année\\s+${t.left}\\n`));
    expect(body).toMatch(new RegExp(`Présents au 15 oct\\. 2026 \\(date du rapport\\)\\s+${t.runningAtEnd}\\n`));
    expect(body).toMatch(new RegExp(`parc privé\\s+${t.prive}\\s`));
    for (const heading of [
      "Profils des ménages",
      "Ressources",
      "Durée de suivi",
      "Sorties par destination",
      "Freins à la sortie",
      "Utilisation du quota",
      "Sécurisation",
    ])
      expect(body).toContain(heading);
    // Months after the report's date are not reported.
    expect(body).toContain("octobre 2026");
    expect(body).not.toContain("novembre 2026");
    expect(body).not.toMatch(IDENTIFYING);
  });

  it("writes a tidy CSV French spreadsheets open directly: BOM, semicolons, one value per cell", async () => {
    const csv = file(report, ".csv");
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("tableau;catégorie;détail;indicateur;valeur;unité");
    for (const line of lines) expect(line.split(";")).toHaveLength(6);
    const t = await truth();
    expect(lines).toContain(`Ménages suivis;Présents au 1er janvier 2026;;Valeur;${t.runningAtStart};`);
    expect(lines).toContain(`Ménages suivis;Ménages suivis (total);;Valeur;${t.followed};`);
    expect(lines).toContain("Quota par mois;DALO;2026-03;Tenues;2;");
    expect(lines).toContain("Quota par mois;Sortie de structures;2026-10;Approuvées;10;");
    expect(lines.some((l) => l.includes(";2026-11;"))).toBe(false);
    expect(lines).toContain("Sorties;bail glissé;;Nombre;1;");
    // The glissement conditions answered at the bilans held from 1 January to 15 October.
    const bilans = await app.database.prisma.bilan.findMany({
      where: { heldOn: { gte: "2026-01-01", lte: "2026-10-15" }, outcome: { not: "poursuivre" } },
    });
    for (const answer of ["oui", "non", "partiellement"] as const) {
      const n = bilans.filter((b) => b.rentPaid === answer).length;
      if (n) expect(lines).toContain(`Conditions aux bilans;Loyer payé régulièrement;${answer};Nombre;${n};`);
      const m = bilans.filter((b) => b.situationStable === answer).length;
      if (m) expect(lines).toContain(`Conditions aux bilans;Situation du ménage stable;${answer};Nombre;${m};`);
    }
    expect(bilans.length).toBe(5);
    // The fund's figures are those of /securisation bilan for the year.
    const fund = await app.services.securisationYear.totals(
      (await app.database.prisma.territory.findFirstOrThrow()).id,
      2026,
      "Europe/Paris",
    );
    expect(fund.advances.disbursedCents).toBe(500000);
    expect(lines).toContain(`Avances de trésorerie;Versé;;Montant;${fund.advances.disbursedCents / 100};EUR`);
    expect(lines).toContain("Avances de trésorerie;Reste dû au 15 oct. 2026;;Montant;5000;EUR");
    expect(lines).toContain(`Sécurisation - demandes;Total;;Demandes;${fund.total.count};`);
    expect(lines).toContain(
      `Sécurisation - demandes;vacance;;Demandé;${(fund.categories.find((c) => c.category === "vacance")?.figures.claimedCents ?? 0) / 100};EUR`,
    );
    expect(csv.toString("utf8")).not.toMatch(IDENTIFYING);
  });

  it("writes the same tables as a workbook, one sheet per table, numbers as numbers and months as dates", async () => {
    const book = await sheets(file(report, ".xlsx"));
    expect([...book.keys()]).toContain("Ménages suivis");
    expect([...book.keys()]).toContain("Quota par mois");
    for (const name of book.keys()) expect(name.length).toBeLessThanOrEqual(31);
    const t = await truth();
    const households = book.get("Ménages suivis") ?? [];
    expect(households[0]).toEqual(["Indicateur", "Valeur"]);
    expect(households[1]).toEqual(["Présents au 1er janvier 2026", t.runningAtStart]);
    const quota = book.get("Quota par mois") ?? [];
    expect(quota[1]?.[1]).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(typeof quota[1]?.[2]).toBe("number");
    expect(quota.filter((r) => r[0] === "DALO")).toHaveLength(10);
    const advances = book.get("Avances de trésorerie") ?? [];
    expect(advances[0]).toEqual(["Indicateur", "Nombre", "Montant"]);
    expect(advances[1]).toEqual(["Avances demandées", 1]);
    // An empty cell stays empty (not a zero); the amount is a number of euros.
    expect(advances[3]).toEqual(["Versé", undefined, 5000]);
    expect(JSON.stringify([...book.values()])).not.toMatch(IDENTIFYING);
  });

  it("reports one scheme alone, and says so when a year or a scheme has nothing", async () => {
    const dalo = await run(app, staff, "/rapport activite 2026 dalo");
    expect(dalo.files?.filter((f) => f.name.endsWith(".png"))).toHaveLength(2);
    const daloPdf = lookAtPdf(file(dalo, ".pdf")).text.join("\n");
    expect(daloPdf).toMatch(/Dispositif\s+DALO/);
    expect(daloPdf).not.toContain("Sortie de structures");
    const empty = await run(app, staff, "/rapport activite 2019");
    expect(cardText(empty)).toContain("Aucune activité enregistrée en 2019 pour tous dispositifs");
    expect(empty.files?.map((f) => f.name)).toEqual(["rapport-activite-2019-tous.pdf"]);
    const emptyPdf = lookAtPdf(file(empty, ".pdf"));
    expect(emptyPdf.pages).toBe(1);
    expect(emptyPdf.text[0]).toContain("Aucune activité enregistrée en 2019");
    await run(app, admin, "/config dispositif avdl AVDL");
    expect(cardText(await run(app, staff, "/rapport activite 2026 avdl"))).toContain(
      "Aucune activité enregistrée en 2026 pour AVDL",
    );
    expect(cardText(await run(app, staff, "/rapport activite 2026 inconnu"))).toContain("n'existe pas");
  });

  it("publishes in a channel only when asked, and only in the coordination channel", async () => {
    expect(cardText(await run(app, staff, "/rapport activite 2026 canal:oui"))).toContain("Aucun canal n'est lié");
    await run(app, admin, "/config canal ccas C-ELSEWHERE");
    expect(cardText(await run(app, staff, "/rapport activite 2026 canal:oui"))).toContain(
      "ne se publie que dans le canal",
    );
    await run(app, admin, "/config canal ccas C-TEST");
    const posted = await run(app, staff, "/rapport activite 2026 canal:oui");
    expect(posted.visibility).toBe("channel");
    // Three schemes now (AVDL was added above): two charts each, and the PDF, CSV and workbook.
    expect(posted.files?.length).toBe(9);
    expect(cardText(posted)).not.toMatch(IDENTIFYING);
  });

  it("gives the fiche-bilan as a one-page form, privately, with the bilan and the next step", async () => {
    const fiche = await run(app, staff, "/bilan fiche IML-2025-002");
    expect(fiche.visibility).toBe("private");
    const markdown = file(fiche, ".md").toString("utf8");
    expect(markdown).toContain("**Référence du ménage** : M-2025-002");
    expect(markdown).toContain("**Type de bilan** : bilan à 6 mois");
    expect(markdown).toContain("**Parc** : parc privé");
    expect(markdown).toContain("**Ressources** : sans ressources");
    expect(markdown).toContain("**Participants** : ménage, travailleur social");
    expect(markdown).toContain("**Loyer payé régulièrement** : ☒ oui   ☐ non   ☐ partiellement");
    expect(markdown).toContain("**Situation du ménage stable** : ☐ oui   ☐ non   ☒ partiellement — Emploi en CDD");
    expect(markdown).toMatch(/\*\*Suite\*\* : bilan à 10 mois prévu le 22 juil\. 2026/);
    const pdf = lookAtPdf(file(fiche, ".pdf"));
    expect(pdf.pages).toBe(1);
    expect(pdf.fonts.every((f) => f.embedded)).toBe(true);
    const text = pdf.text[0] ?? "";
    for (const expected of [
      "CCAS de Concarneau",
      "Cornouaille",
      "DALO",
      "Fiche-bilan",
      "M-2025-002",
      "Conditions du glissement",
      "Loyer payé régulièrement",
      "Visa de la DDETS",
      "Page 1 / 1",
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain("Coordinatrice");
    const ended = file(await run(app, staff, "/bilan fiche IML-2026-002"), ".md").toString("utf8");
    expect(ended).toContain("**Décision** : fin de mesure (échec)");
    expect(ended).toContain("**Motif** : Départ sans préavis");
    expect(ended).toContain("mesure terminée (échec) le 16 août 2026");
  });
});
