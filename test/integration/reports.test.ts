import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { attachedText as file, cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-P", userExternalId: "UADMIN" });
const staff = identity({
  territoryExternalId: "T-P",
  userExternalId: "USTAFF",
  platformAdmin: false,
  displayName: "Coordinatrice",
});

describeEachDatabase("reports and data rights", (provider) => {
  const clock = fixedClock(new Date("2026-01-05T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  /** A year of activity: 4 households, one slides, one ends, one extended, one still running. */
  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      "/config bailleur ajouter Bailleur public",
      '/config bailleur ajouter "Bailleur Fictif" public',
      '/config bailleur ajouter "Bailleur A" public',
      '/config bailleur ajouter "Bailleur B" public',
      '/config bailleur ajouter "Bailleur C" public',
      "/config quota dalo 2026 4",
      "/config role user:USTAFF ccas",
      "/config role user:USTAFF siao",
      "/config role user:USTAFF comite",
      "/config role user:USTAFF finance",
    ])
      await run(app, admin, line);
    const households = [
      ["famille", "minima_sociaux", "couple_avec_enfants"],
      ["homme_seul", "sans_ressources", "personne_seule"],
      ["femme_victime_violences", "minima_sociaux", "famille_monoparentale"],
      ["jeune_18_25", "inferieures_smic", "personne_seule"],
    ];
    for (const [i, [pub, res, comp]] of households.entries()) {
      await run(app, staff, `/candidature deposer nouveau dalo ${pub} chrs ${res} oui "${comp}" Note factuelle.`);
      await run(app, staff, `/candidature decider C-2026-00${i + 1} validee`);
      expect((await run(app, staff, `/mesure ouvrir C-2026-00${i + 1} 2026-01-0${i + 5} Bailleur public`)).tone).toBe(
        "success",
      );
    }
    await run(app, staff, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.");
    await run(app, staff, "/candidature decider C-2026-005 refusee Hors critères");
    clock.set(new Date("2026-07-06T09:00:00Z"));
    await run(app, staff, "/bilan enregistrer IML-2026-001 prolonger oui partiellement travail:budget");
    await run(app, staff, "/bilan enregistrer IML-2026-002 fin non non echec motif:Départ sans préavis");
    await run(app, staff, "/bilan enregistrer IML-2026-003 prolonger partiellement oui travail:savoir-habiter");
    await run(
      app,
      staff,
      '/situation ajouter M-2026-004 "Bailleur" impayes haute Impayés depuis deux mois, FSL demandé.',
    );
    await run(
      app,
      staff,
      '/situation ajouter M-2026-001 "Bailleur" savoir_habiter normale Accompagnement à l entretien du logement.',
    );
    await run(app, staff, "/situation clore S-2026-002 resolue");
    await run(app, staff, "/securisation declarer vacance 1200 logement:L-1 du:2026-02-01 au:2026-05-01");
    await run(app, staff, "/avance demander 5000 Subvention DDETS 2026-09-01");
    clock.set(new Date("2027-01-04T09:00:00Z"));
    await run(app, staff, "/bilan enregistrer IML-2026-001 glisser oui oui date:2026-12-15");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("produces the fiche-bilan as Markdown and PDF, privately, and audits the read", async () => {
    const reply = await run(app, staff, "/bilan fiche IML-2026-003");
    expect(reply.visibility).toBe("private");
    const markdown = file(reply, ".md");
    expect(markdown).toContain("M-2026-003");
    expect(markdown).toContain("bilan à 6 mois");
    expect(markdown).toContain("savoir-habiter");
    expect(markdown).toMatch(/Composition du ménage.*famille monoparentale/);
    expect(file(reply, ".pdf").startsWith("%PDF-")).toBe(true);
    expect(cardText(await run(app, staff, "/bilan fiche IML-2026-004"))).toContain("Aucun bilan enregistré");
    expect(
      await app.database.prisma.auditEvent.count({ where: { action: "household.read", subjectRef: "M-2026-003" } }),
    ).toBe(1);
  });

  it("counts erased and retained households alike in the annual report, with nothing that names one", async () => {
    const csv = file(await run(app, staff, "/rapport activite 2026"), ".csv");
    expect(csv).toContain("Ménages suivis;Ménages suivis (total);;Valeur;4;");
    expect(csv).toContain("Sorties;échec;;Nombre;1;");
    expect(csv).toContain("Candidatures;refusée;;Nombre;1;");
    expect(csv).toContain("Compositions;personne seule;;Nombre;2;");
    expect(csv).toContain("Compositions;famille monoparentale;;Nombre;1;");
    expect(csv).not.toMatch(/M-2026|C-2026|IML-2026|Note factuelle|FSL/);
  });

  it("shows the access log to admins only", async () => {
    expect(cardText(await run(app, staff, "/audit M-2026-003"))).toContain("rôle nécessaire");
    const log = cardText(await run(app, admin, "/audit M-2026-003"));
    expect(log).toContain("candidature déposée");
    expect(log).toContain("mesure ouverte");
    expect(log).toContain("dossier consulté");
    expect(cardText(await run(app, admin, "/audit M-2099-001"))).toContain("Rien dans le journal");
  });

  it("exports a household, refuses to erase one with a running mesure, erases after confirmation", async () => {
    expect(cardText(await run(app, staff, "/rgpd export M-2026-002"))).toContain("rôle nécessaire");
    const exported = await run(app, admin, "/rgpd export M-2026-002");
    const json = JSON.parse(file(exported, ".json")) as {
      household: { reference: string; candidatures: unknown[]; mesures: { bilans: unknown[] }[] };
      auditTrail: unknown[];
    };
    expect(json.household.reference).toBe("M-2026-002");
    expect(json.household.candidatures).toHaveLength(1);
    expect(json.household.mesures[0]!.bilans).toHaveLength(1);
    expect(json.auditTrail.length).toBeGreaterThan(2);
    expect(cardText(await run(app, admin, "/rgpd effacer M-2026-004 confirmer:oui"))).toContain(
      "a une mesure en cours",
    );
    const ask = await run(app, admin, "/rgpd effacer M-2026-002");
    expect(ask.buttons?.[0]).toMatchObject({ command: "rgpd.effacer", args: { ref: "M-2026-002", confirmer: "oui" } });
    expect(await app.database.prisma.household.count({ where: { reference: "M-2026-002" } })).toBe(1);
    expect((await run(app, admin, "/rgpd effacer M-2026-002 confirmer:oui")).tone).toBe("success");
    const everything = JSON.stringify(
      await Promise.all([
        app.database.prisma.household.findMany(),
        app.database.prisma.candidature.findMany(),
        app.database.prisma.mesure.findMany(),
        app.database.prisma.bilan.findMany(),
        app.database.prisma.auditEvent.findMany(),
        app.database.prisma.situation.findMany(),
        app.database.prisma.securisationClaim.findMany(),
      ]),
    );
    expect(everything).not.toContain("M-2026-002");
    expect(everything).not.toContain("Départ sans préavis");
    const after = file(await run(app, staff, "/rapport activite 2026"), ".csv");
    expect(after).toContain("Ménages suivis;Ménages suivis (total);;Valeur;4;");
    // The erased household's composition is a category: still counted, never a text.
    expect(after).toContain("Compositions;personne seule;;Nombre;2;");
    expect(after).toContain("Compositions;couple avec enfant(s);;Nombre;1;");
    expect(cardText(await run(app, admin, "/rgpd export M-2026-002"))).toContain("Aucun ménage");
  });

  it("anonymises households two years after the last contact and purges old access logs", async () => {
    const before = await app.database.prisma.auditEvent.count();
    clock.set(new Date("2029-01-10T03:00:00Z"));
    const reports = await app.services.rgpd.retention();
    const mine = reports.find((r) => r.anonymized > 0)!;
    // M-2026-005 (refused) and M-2026-001 (slid) are expired; M-2026-003 and 004 have mesures running.
    expect(mine.anonymized).toBe(2);
    expect(mine.auditPurged).toBeGreaterThan(0);
    expect(
      await app.database.prisma.household.count({ where: { reference: { in: ["M-2026-001", "M-2026-005"] } } }),
    ).toBe(0);
    expect(
      await app.database.prisma.household.count({ where: { reference: { in: ["M-2026-003", "M-2026-004"] } } }),
    ).toBe(2);
    expect(await app.database.prisma.auditEvent.count()).toBeLessThan(before);
    expect(cardText(await run(app, admin, "/rgpd journal"))).toMatch(/2 ménage\(s\) anonymisé\(s\)/);
    const report = file(await run(app, staff, "/rapport activite 2026"), ".csv");
    expect(report).toContain("Ménages suivis;Ménages suivis (total);;Valeur;4;");
  });
});
