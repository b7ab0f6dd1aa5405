import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-S", userExternalId: "UADMIN" });
const finance = identity({
  territoryExternalId: "T-S",
  userExternalId: "UFIN",
  platformAdmin: false,
  displayName: "Finances",
});
const financeEn = identity({
  territoryExternalId: "T-S",
  userExternalId: "UFIN",
  platformAdmin: false,
  displayName: "Finances",
  locale: "en",
});
const ccas = identity({ territoryExternalId: "T-S", userExternalId: "UCCAS", platformAdmin: false });

describeEachDatabase("sécurisation", (provider) => {
  // The household entered its home on 5 January; the year is replayed from November.
  const clock = fixedClock(new Date("2026-01-05T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config role user:UFIN finance",
      "/config role user:UCCAS ccas",
      "/config role user:UADMIN ccas",
      "/config dispositif dalo DALO",
      "/config bailleur ajouter Bailleur public",
      "/config quota dalo 2026 3",
      "/config role user:UADMIN siao",
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.",
      "/candidature decider C-2026-001 validee",
      "/mesure ouvrir C-2026-001 2026-01-05 Bailleur public",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    clock.set(new Date("2026-11-10T09:00:00Z"));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const rows = async () => ({
    claims: await app.database.prisma.securisationClaim.count(),
    payments: await app.database.prisma.claimPayment.count(),
    events: await app.database.prisma.claimEvent.count(),
    advances: await app.database.prisma.treasuryAdvance.count(),
    movements: await app.database.prisma.advanceMovement.count(),
  });

  /** Runs a line that must be refused: checks the answer and that nothing was written. */
  const refused = async (line: string, expected: string, who = finance) => {
    const before = await rows();
    const reply = await run(app, who, line);
    expect(reply.tone, line).toBe("error");
    expect(cardText(reply), line).toContain(expected);
    expect(await rows(), line).toEqual(before);
  };

  it("declares each category at its limits and refuses it beyond them, naming the rule", async () => {
    // SEC-2026-001: a 5-month vacancy, counted for 3.5 months beyond the first.
    const vacancy = cardText(
      await run(app, ccas, "/securisation declarer vacance 3000 logement:L-12 du:2026-01-01 au:2026-06-01 loyer:450"),
    );
    expect(vacancy).toContain("du 1 févr. 2026 au 16 mai 2026, soit 3,5 mois");
    expect(vacancy).toContain("Plafonnée");
    expect(vacancy).toContain("1 575,00 €");
    await refused(
      "/securisation declarer vacance 200 logement:L-9 du:2026-10-01 au:2026-10-20",
      "la vacance n'est couverte qu'au-delà de 1 mois",
    );
    await refused("/securisation declarer vacance 200 logement:L-9 du:2026-01-01 au:2026-02-01", "au-delà de 1 mois");
    // SEC-2026-002: one day beyond the first month is covered.
    expect(
      (await run(app, finance, "/securisation declarer vacance 20 logement:L-9 du:2026-01-01 au:2026-02-02")).tone,
    ).toBe("success");
    // SEC-2026-003: 4 months of unpaid rent inside the mesure, 3 counted.
    const unpaid = cardText(
      await run(
        app,
        finance,
        '/securisation declarer impayes "1 800" menage:M-2026-001 du:2026-02-01 au:2026-05-31 aide_refusee:oui aide:"FSL refusé en juin"',
      ),
    );
    expect(unpaid).toContain("Mois pris en compte : février 2026, mars 2026, avril 2026.");
    expect(unpaid).toContain("non comptés : mai 2026");
    await refused(
      '/securisation declarer impayes 900 menage:M-2026-001 du:2026-01-01 au:2026-02-28 aide_refusee:oui aide:"FSL refusé"',
      "sort de la mesure IML-2026-001 (du 5 janv. 2026",
    );
    await refused(
      "/securisation declarer impayes 900 logement:L-7 du:2026-01-01 au:2026-03-31 aide_refusee:non aide:FSL",
      "qu'après demande et refus",
    );
    await refused(
      "/securisation declarer remise_en_etat 800 logement:L-7 exceptionnel:non justification:Peintures usées",
      "dégradations exceptionnelles",
    );
    // SEC-2026-004, -005, -006.
    for (const line of [
      "/securisation declarer remise_en_etat 1200,50 logement:L-7 exceptionnel:oui justification:Porte et cuisine dégradées",
      "/securisation declarer frais_procedure 640 logement:L-7 nature:huissier lien:expulsion justification:Commandement de payer",
      "/securisation declarer cas_atypique 300 logement:L-9 justification:Garde-meubles pendant les travaux de mise aux normes",
    ])
      expect((await run(app, finance, line)).tone, line).toBe("success");
    await refused(
      "/securisation declarer frais_procedure 640 logement:L-7 lien:expulsion justification:Actes",
      "Pour une demande « frais de procédure », « nature » est nécessaire",
    );
    await refused(
      "/securisation declarer cas_atypique 300 logement:L-9 justification:Garde-meubles",
      "au moins 20 caractères",
    );
    const amounts = await app.database.prisma.securisationClaim.findMany({
      orderBy: { reference: "asc" },
      select: { claimedCents: true, status: true, submittedOn: true },
    });
    expect(amounts.map((a) => a.claimedCents)).toEqual([300_000, 2_000, 180_000, 120_050, 64_000, 30_000]);
    expect(new Set(amounts.map((a) => `${a.status} ${a.submittedOn}`))).toEqual(new Set(["soumise 2026-11-10"]));
  });

  it("refuses bad claims with a reason, writing nothing", async () => {
    const cases: [string, string][] = [
      [
        "/securisation declarer impayes 900 logement:L-7 du:2026-01-01 au:2026-03-31",
        "« aide_refusee » est nécessaire",
      ],
      ["/securisation declarer vacance 0 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance -12 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance 99999999 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance 100 logement:L-7 du:2026-05-01 au:2026-02-01", "est avant le début"],
      ["/securisation declarer vacance 100 logement:L-7 du:2026-12-01", "est après aujourd’hui"],
      ["/securisation declarer vacance 100 du:2026-05-01", "Indiquez le ménage"],
      [
        "/securisation declarer cas_atypique 100 logement:L-7 justification:Appeler le 0612345678 pour les détails",
        "numéro de téléphone",
      ],
    ];
    for (const [line, expected] of cases) await refused(line, expected);
  });

  it("saves a draft without an amount, completes it by options, then submits it", async () => {
    const draft = await run(app, ccas, "/securisation brouillon impayes menage:M-2026-001");
    expect(cardText(draft)).toContain("Brouillon SEC-2026-007 enregistré");
    expect(cardText(draft)).toContain("Montant demandé: à compléter");
    await refused("/securisation soumettre SEC-2026-007", "« montant » est nécessaire pour soumettre", ccas);
    await run(app, ccas, "/securisation completer SEC-2026-007 900 du:2026-06-01 au:2026-07-31");
    await refused("/securisation soumettre SEC-2026-007", "« aide_refusee » est nécessaire", ccas);
    await refused("/securisation completer SEC-2026-007 au:2026-05-01", "est avant le début", ccas);
    await run(app, ccas, '/securisation completer SEC-2026-007 aide_refusee:oui aide:"FSL refusé en août"');
    expect(cardText(await run(app, finance, "/securisation liste brouillon"))).toContain("SEC-2026-007");
    const submitted = cardText(await run(app, ccas, "/securisation soumettre SEC-2026-007"));
    expect(submitted).toContain("État: soumise");
    expect(submitted).toContain("Mois pris en compte : juin 2026, juillet 2026.");
    await refused("/securisation completer SEC-2026-007 900", "seuls un brouillon ou une demande incomplète", ccas);
    const stored = await app.database.prisma.securisationClaim.findFirstOrThrow({
      where: { reference: "SEC-2026-007" },
    });
    expect(stored).toMatchObject({ claimedCents: 90_000, status: "soumise", submittedOn: "2026-11-10" });
  });

  it("keeps incomplete ↔ under review in the history, with what was missing and who asked", async () => {
    await refused("/securisation accepter SEC-2026-001 100", "rôle nécessaire", ccas);
    await refused("/securisation payer SEC-2026-001 100 VIR-1", "qu'après l'acceptation du fonds");
    await run(app, finance, "/securisation incomplete SEC-2026-001 Attestation de vacance");
    await refused("/securisation instruire SEC-2026-001 2026-11-09", "est avant l'étape précédente (10 nov. 2026)");
    await run(app, finance, "/securisation completer SEC-2026-001 loyer:460");
    await run(app, finance, "/securisation instruire SEC-2026-001");
    await run(app, finance, "/securisation incomplete SEC-2026-001 RIB du bailleur");
    await run(app, finance, "/securisation instruire SEC-2026-001");
    const text = cardText(await run(app, finance, "/securisation voir SEC-2026-001"));
    expect(text).toContain("10 nov. 2026 — incomplète (Finances) — Attestation de vacance");
    expect(text).toContain("10 nov. 2026 — incomplète (Finances) — RIB du bailleur");
    expect(text.match(/en instruction \(Finances\)/g)).toHaveLength(2);
    expect(text).toContain("1 610,00 €"); // the indicative amount follows the rent completed meanwhile
  });

  it("records partial payments to the cent, refusing any above the rest or dated before the acceptance", async () => {
    await refused(
      "/securisation accepter SEC-2026-001 3000,01",
      "ne peut pas dépasser le montant demandé (3 000,00 €)",
    );
    await refused("/securisation accepter SEC-2026-001 2500 2026-12-01", "est après aujourd’hui");
    expect(cardText(await run(app, finance, "/securisation accepter SEC-2026-001 2500"))).toContain(
      "2 500,00 € (10 nov. 2026)",
    );
    await refused("/securisation payer SEC-2026-001 100 VIR-0 2026-11-09", "est avant l'acceptation de SEC-2026-001");
    const first = cardText(await run(app, finance, "/securisation payer SEC-2026-001 1000,50 VIR-2026-118"));
    expect(first).toContain("État: partiellement payée");
    expect(first).toContain("Reste dû: 1 499,50 €");
    expect(first).toContain("10 nov. 2026 — 1 000,50 € — VIR-2026-118");
    await refused(
      "/securisation payer SEC-2026-001 1499,51 VIR-3",
      "dépasse ce qui reste dû sur SEC-2026-001 : 1 499,50 €",
    );
    const second = cardText(await run(app, finance, "/securisation payer SEC-2026-001 1499,50 VIR-2026-131"));
    expect(second).toContain("État: payée");
    expect(second).toContain("Reste dû: 0,00 €");
    await refused("/securisation payer SEC-2026-001 0,01 VIR-4", "est « payée »");
    const payments = await app.database.prisma.claimPayment.findMany({ orderBy: { createdAt: "asc" } });
    expect(payments.map((p) => p.amountCents)).toEqual([100_050, 149_950]);
    const stored = await app.database.prisma.securisationClaim.findFirstOrThrow({
      where: { reference: "SEC-2026-001" },
    });
    expect(stored).toMatchObject({
      status: "payee",
      acceptedCents: 250_000,
      paidCents: 250_000,
      acceptedOn: "2026-11-10",
    });
    await run(app, finance, "/securisation rejeter SEC-2026-002 Vacance trop courte pour le fonds");
    await refused("/securisation payer SEC-2026-002 10 VIR-5", "est « rejetée »");
  });

  it("never lets payments racing on the last euros exceed the accepted amount", async () => {
    await run(app, finance, "/securisation instruire SEC-2026-006");
    await run(app, finance, "/securisation accepter SEC-2026-006 100");
    await run(app, finance, "/securisation payer SEC-2026-006 95 VIR-R0");
    // Ten payments of 1 € race for the last 5 €; then two of 0,50 € for nothing left.
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => run(app, finance, `/securisation payer SEC-2026-006 1 VIR-R${i + 1}`)),
    );
    expect(replies.filter((r) => r.tone !== "error")).toHaveLength(5);
    for (const r of replies.filter((r) => r.tone === "error"))
      expect(cardText(r)).toMatch(/dépasse ce qui reste dû|est « payée »/);
    const late = await Promise.all([
      run(app, finance, "/securisation payer SEC-2026-006 0,50 VIR-L1"),
      run(app, finance, "/securisation payer SEC-2026-006 0,50 VIR-L2"),
    ]);
    expect(late.every((r) => r.tone === "error")).toBe(true);
    const claim = await app.database.prisma.securisationClaim.findFirstOrThrow({
      where: { reference: "SEC-2026-006" },
      include: { payments: true },
    });
    expect(claim.paidCents).toBe(10_000);
    expect(claim.payments.reduce((n, p) => n + p.amountCents, 0)).toBe(10_000);
    expect(claim.status).toBe("payee");
  });

  it("follows advances through every state, dated in order, owed only once disbursed", async () => {
    await refused(
      '/avance demander "10 000" "Subvention DDETS 2026" DDETS 2026-02-28 date:2026-03-02',
      "est avant la demande",
    );
    await run(app, finance, '/avance demander "10 000" "Subvention DDETS 2026" DDETS 2026-06-30 date:2026-03-02');
    const asked = cardText(await run(app, finance, "/avance voir AV-2026-001"));
    expect(asked).toContain("Reste dû: -");
    await refused("/avance verser AV-2026-001", "cette étape n'est pas possible");
    await refused("/avance accorder AV-2026-001 8000 date:2026-03-01", "est avant l'étape précédente (2 mars 2026)");
    await refused("/avance accorder AV-2026-001 10000,01 date:2026-03-10", "ne peut pas dépasser le montant demandé");
    await run(app, finance, "/avance accorder AV-2026-001 8000 date:2026-03-10");
    expect(cardText(await run(app, ccas, "/avances"))).toContain("AV-2026-001 — accordée — 8 000,00 €, rien de versé");
    await refused("/avance verser AV-2026-001 date:2026-03-09", "est avant l'étape précédente");
    await refused("/avance verser AV-2026-001 8000,01 date:2026-03-15", "ne peut pas dépasser le montant accordé");
    await run(app, finance, "/avance verser AV-2026-001 date:2026-03-15");
    await refused("/avance rembourser AV-2026-001 8000,01", "dépasse le reste dû de AV-2026-001 (8 000,00 €)");
    await refused("/avance rembourser AV-2026-001 3000 date:2026-03-14", "est avant l'étape précédente");
    await run(app, finance, "/avance rembourser AV-2026-001 3000 date:2026-07-20");
    // A second advance from the same funder typed differently, and one refused.
    await run(app, finance, '/avance demander 1234,56 "Subvention ASLL" "ddets " 2026-12-31');
    await run(app, finance, '/avance demander 500 "Subvention ville" Mairie 2026-12-31');
    await refused("/avance refuser AV-2026-003", "Il manque « motif »");
    const refusal = cardText(await run(app, finance, "/avance refuser AV-2026-003 Hors critères du fonds"));
    expect(refusal).toContain("Motif du refus: Hors critères du fonds");
    expect(refusal).toContain("Reste dû: -");
    await refused("/avance accorder AV-2026-003", "cette étape n'est pas possible");
    const pending = cardText(await run(app, ccas, "/avances"));
    expect(pending).toContain("⚠ AV-2026-001 — versée — reste dû 5 000,00 €");
    expect(pending).toContain("(en retard)");
    expect(pending).toContain("DDETS: 2 en cours · reste dû 5 000,00 € · 1 en retard");
    expect(pending).toContain("AV-2026-002 — demandée — 1 234,56 €, rien de versé");
    expect(pending).not.toContain("AV-2026-003");
    await run(app, finance, "/avance rembourser AV-2026-001 5000 date:2026-11-02");
    const repaid = await app.database.prisma.treasuryAdvance.findFirstOrThrow({
      where: { reference: "AV-2026-001" },
      include: { movements: { orderBy: { date: "asc" } } },
    });
    expect(repaid).toMatchObject({ status: "remboursee", repaidCents: 800_000, disbursedCents: 800_000 });
    expect(repaid.movements.map((m) => `${m.kind} ${m.date} ${m.amountCents}`)).toEqual([
      "demander 2026-03-02 1000000",
      "accorder 2026-03-10 800000",
      "verser 2026-03-15 800000",
      "rembourser 2026-07-20 300000",
      "rembourser 2026-11-02 500000",
    ]);
    expect(cardText(await run(app, ccas, "/avances"))).not.toContain("AV-2026-001");
  });

  it("gives the year's totals per category and for advances, adding up to the cent in both languages", async () => {
    await run(app, finance, "/avance accorder AV-2026-002");
    await run(app, finance, "/avance verser AV-2026-002 1000");
    const text = cardText(await run(app, finance, "/securisation bilan 2026"));
    expect(text).toContain("vacance: 2 demande(s) · demandé 3 020,00 € · accepté 2 500,00 € · payé 2 500,00 €");
    expect(text).toContain("impayés: 2 demande(s) · demandé 2 700,00 € · accepté 0,00 € · payé 0,00 €");
    expect(text).toContain("cas atypique: 1 demande(s) · demandé 300,00 € · accepté 100,00 € · payé 100,00 €");
    expect(text).toContain("Total: 7 demande(s) · demandé 7 860,50 € · accepté 2 600,00 € · payé 2 600,00 €");
    expect(text).toContain("Avances accordées: 9 234,56 €");
    expect(text).toContain("Avances versées: 9 000,00 €");
    expect(text).toContain("Avances remboursées: 8 000,00 €");
    expect(text).toContain("Reste dû au 10 nov. 2026: 1 000,00 €");
    const english = await run(app, financeEn, "/securisation bilan 2026");
    expect(cardText(english)).toContain(
      "Total: 7 claim(s) · claimed 7 860,50 € · accepted 2 600,00 € · paid 2 600,00 €",
    );
    // Intl's French spaces, as they are: narrow no-break between thousands, no-break before €.
    expect(english.fields?.find((f) => f.label === "Total")?.value).toContain("7\u202f860,50\u00a0€");
    expect(cardText(await run(app, finance, "/securisation bilan 2025"))).toContain(
      "Total: 0 demande(s) · demandé 0,00 €",
    );
  });
});
