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
const ccas = identity({ territoryExternalId: "T-S", userExternalId: "UCCAS", platformAdmin: false });

describeEachDatabase("sécurisation", (provider) => {
  const clock = fixedClock(new Date("2026-11-10T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config role user:UFIN finance",
      "/config role user:UCCAS ccas",
      "/config dispositif dalo DALO",
    ])
      await run(app, admin, line);
    // A household to attach claims to.
    await run(app, admin, "/config role user:UADMIN ccas");
    await run(app, admin, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui 2 Note.");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const rows = async () => ({
    claims: await app.database.prisma.securisationClaim.count(),
    advances: await app.database.prisma.treasuryAdvance.count(),
    movements: await app.database.prisma.advanceMovement.count(),
  });

  it("declares one claim of each category, capping a 5-month vacancy and 4 months of unpaid rent", async () => {
    const vacancy = cardText(
      await run(
        app,
        ccas,
        "/securisation declarer vacance 3000 menage:M-2026-001 du:2026-01-01 au:2026-06-01 loyer:450",
      ),
    );
    expect(vacancy).toContain("du 1 févr. 2026 au 16 mai 2026, soit 3,5 mois");
    expect(vacancy).toContain("Plafonnée");
    expect(vacancy).toContain("1 575,00 €");
    const unpaid = cardText(
      await run(
        app,
        finance,
        '/securisation declarer impayes "1 800" logement:L-7 du:2026-01-01 au:2026-04-30 aide_refusee:oui aide:"FSL refusé en mai"',
      ),
    );
    expect(unpaid).toContain("Mois pris en compte : janvier 2026, février 2026, mars 2026.");
    expect(unpaid).toContain("non comptés : avril 2026");
    expect(
      (
        await run(
          app,
          finance,
          "/securisation declarer remise_en_etat 1200,50 logement:L-7 justification:Dégradations exceptionnelles de la cuisine",
        )
      ).tone,
    ).toBe("success");
    expect(
      (
        await run(
          app,
          finance,
          "/securisation declarer frais_procedure 640 logement:L-7 lien:expulsion justification:Actes d huissier",
        )
      ).tone,
    ).toBe("success");
    expect(
      (
        await run(
          app,
          finance,
          "/securisation declarer cas_atypique 300 logement:L-9 justification:Frais de garde-meubles pendant les travaux",
        )
      ).tone,
    ).toBe("success");
    const short = await run(
      app,
      finance,
      "/securisation declarer vacance 200 logement:L-9 du:2026-10-01 au:2026-10-20",
    );
    expect(short.tone).toBe("warning");
    expect(cardText(short)).toContain("Hors règles");
    expect(
      (await app.database.prisma.securisationClaim.findFirstOrThrow({ where: { reference: "SEC-2026-006" } }))
        .outsideRules,
    ).toBe(true);
    const amounts = await app.database.prisma.securisationClaim.findMany({
      orderBy: { reference: "asc" },
      select: { claimedCents: true },
    });
    expect(amounts.map((a) => a.claimedCents)).toEqual([300_000, 180_000, 120_050, 64_000, 30_000, 20_000]);
  });

  it("refuses bad claims with a reason, writing nothing", async () => {
    const before = await rows();
    const cases: [string, string][] = [
      [
        "/securisation declarer impayes 900 logement:L-7 du:2026-01-01 au:2026-03-31",
        "« aide_refusee » est nécessaire",
      ],
      [
        "/securisation declarer impayes 900 logement:L-7 du:2026-01-01 au:2026-03-31 aide_refusee:non aide:FSL",
        "qu'après demande et refus",
      ],
      ["/securisation declarer vacance 0 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance -12 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance 99999999 logement:L-7 du:2026-01-01", "ne convient pas pour « montant »"],
      ["/securisation declarer vacance 100 logement:L-7 du:2026-05-01 au:2026-02-01", "est avant le début"],
      ["/securisation declarer vacance 100 du:2026-05-01", "Indiquez le ménage"],
      ["/securisation declarer cas_atypique 100 logement:L-7", "« justification » est nécessaire"],
      [
        "/securisation declarer cas_atypique 100 logement:L-7 justification:Appeler le 0612345678",
        "numéro de téléphone",
      ],
    ];
    for (const [line, expected] of cases) expect(cardText(await run(app, finance, line)), line).toContain(expected);
    expect(await rows()).toEqual(before);
  });

  it("walks claims through the fund's states, and refuses steps out of order", async () => {
    expect(cardText(await run(app, ccas, "/securisation accepter SEC-2026-001 100"))).toContain("rôle nécessaire");
    expect(cardText(await run(app, finance, "/securisation payer SEC-2026-001 100"))).toContain(
      "ne peut pas passer à « payée »",
    );
    expect(await run(app, finance, "/securisation incomplete SEC-2026-001 Attestation de vacance")).toMatchObject({
      tone: "warning",
    });
    expect(cardText(await run(app, finance, "/securisation voir SEC-2026-001"))).toContain("Attestation de vacance");
    await run(app, finance, "/securisation instruire SEC-2026-001");
    expect(cardText(await run(app, finance, "/securisation accepter SEC-2026-001 3500"))).toContain(
      "ne peut pas dépasser le montant demandé (3 000,00 €)",
    );
    expect(cardText(await run(app, finance, "/securisation accepter SEC-2026-001 2500"))).toContain("2 500,00 €");
    expect(cardText(await run(app, finance, "/securisation payer SEC-2026-001 2600"))).toContain(
      "montant accepté (2 500,00 €)",
    );
    expect(cardText(await run(app, finance, "/securisation payer SEC-2026-001 2500 2026-11-09"))).toContain("payée");
    await run(app, finance, "/securisation rejeter SEC-2026-002 Aides de droit commun non épuisées");
    expect(cardText(await run(app, finance, "/securisation payer SEC-2026-002 100"))).toContain(
      "« rejetée » : elle ne peut pas passer à « payée »",
    );
    const stored = await app.database.prisma.securisationClaim.findFirstOrThrow({
      where: { reference: "SEC-2026-001" },
    });
    expect(stored).toMatchObject({ status: "payee", acceptedCents: 250_000, paidCents: 250_000, paidOn: "2026-11-09" });
  });

  it("follows advances with partial repayments and shows them overdue once the date passes", async () => {
    await run(app, finance, '/avance demander "10 000" "Subvention DDETS 2026" DDETS 2026-11-30');
    await run(app, finance, "/avance accorder AV-2026-001 8000");
    await run(app, finance, "/avance verser AV-2026-001");
    const before = await rows();
    expect(cardText(await run(app, finance, "/avance rembourser AV-2026-001 9000"))).toContain(
      "dépasse le reste dû de AV-2026-001 (8 000,00 €)",
    );
    expect(cardText(await run(app, finance, "/avance verser AV-2026-001"))).toContain("cette étape n'est pas possible");
    expect(cardText(await run(app, finance, "/avance rembourser AV-2026-001 0"))).toContain("ne convient pas");
    expect(await rows()).toEqual(before);
    expect(cardText(await run(app, finance, "/avance rembourser AV-2026-001 3000"))).toContain("5 000,00 €");
    const pending = cardText(await run(app, ccas, "/avances"));
    expect(pending).toContain("AV-2026-001 — versée — reste 5 000,00 €");
    expect(pending).not.toContain("en retard");
    expect(pending.indexOf("SEC-2026-003")).toBeLessThan(pending.indexOf("SEC-2026-004"));
    expect(pending).not.toContain("SEC-2026-001"); // paid
    clock.set(new Date("2026-12-02T09:00:00Z"));
    const late = cardText(await run(app, ccas, "/avances"));
    expect(late).toContain("⚠ AV-2026-001");
    expect(late).toContain("En retard: 1 · 5 000,00 €");
    await run(app, finance, "/avance rembourser AV-2026-001 5000");
    const stored = await app.database.prisma.treasuryAdvance.findFirstOrThrow();
    expect(stored).toMatchObject({ status: "remboursee", repaidCents: 800_000, disbursedCents: 800_000 });
    expect(cardText(await run(app, ccas, "/avances"))).toContain("Aucune avance en cours.");
  });
});
