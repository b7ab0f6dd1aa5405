import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-B", userExternalId: "U-ADMIN" });
const ccas = identity({ territoryExternalId: "T-B", userExternalId: "U-CCAS", platformAdmin: false });
const siao = identity({ territoryExternalId: "T-B", userExternalId: "U-SIAO", platformAdmin: false });

describeEachDatabase("bilans that decide, dates in order", (provider) => {
  const clock = fixedClock(new Date("2026-02-27T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  const mesure = (reference: string) =>
    app.database.prisma.mesure.findFirstOrThrow({ where: { reference }, include: { echeances: true, bilans: true } });
  const pending = async (reference: string) =>
    (await mesure(reference)).echeances
      .filter((e) => !e.doneAt && !e.cancelledAt)
      .map((e) => `${e.dueDate} ${e.kind}`)
      .sort();
  const snapshot = async () => ({
    mesures: await app.database.prisma.mesure.findMany({ orderBy: { reference: "asc" } }),
    bilans: await app.database.prisma.bilan.count(),
    echeances: await app.database.prisma.echeance.findMany({ orderBy: { id: "asc" } }),
  });

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
      "/config quota dalo 2026 5",
      "/config role user:U-CCAS ccas",
      "/config role user:U-SIAO siao",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    for (let n = 1; n <= 3; n++) {
      await run(
        app,
        ccas,
        "/candidature deposer nouveau dalo famille autre minima_sociaux oui couple_sans_enfant Note.",
      );
      clock.set(new Date("2026-03-02T09:00:00Z"));
      await run(app, siao, `/candidature decider C-2026-00${n} validee`);
      clock.set(new Date("2026-02-27T09:00:00Z"));
    }
    clock.set(new Date("2026-03-02T09:00:00Z"));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("refuses an entry before the SIAO validation, in French dates", async () => {
    const reply = await run(app, ccas, "/mesure ouvrir C-2026-001 2026-02-28 Bailleur public");
    expect(cardText(reply)).toContain(
      "La date d’entrée 28 févr. 2026 est antérieure à la validation de la candidature par le SIAO (2 mars 2026)",
    );
    expect(cardText(reply)).not.toContain("2026-02-28");
    for (const n of [1, 2, 3])
      expect((await run(app, ccas, `/mesure ouvrir C-2026-00${n} 2026-03-02 Bailleur public`)).tone).toBe("success");
  });

  it("sends every open échéance back to the reminders' read when a channel is bound", async () => {
    expect((await run(app, admin, "/config canal ccas C-CCAS")).tone).not.toBe("error");
    const open = await app.database.prisma.echeance.findMany({ where: { doneAt: null, cancelledAt: null } });
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((e) => !e.recheck.startsWith("!"))).toEqual([]);
  });

  it("refuses bilans and suivis dated before the entry or in the future, changing nothing", async () => {
    clock.set(new Date("2026-09-03T09:00:00Z"));
    const before = await snapshot();
    const early = await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger oui oui date:01/03/2026");
    expect(cardText(early)).toContain(
      "Le bilan du 1 mars 2026 est antérieur à l’entrée du ménage dans le logement (2 mars 2026)",
    );
    const suivi = await run(app, ccas, "/bilan suivi IML-2026-001 2026-02-01");
    expect(cardText(suivi)).toContain("Le point de suivi du 1 févr. 2026 est antérieur");
    const ahead = await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger oui oui date:2026-09-10");
    expect(cardText(ahead)).toContain("La date 10 sept. 2026 est après aujourd’hui (3 sept. 2026)");
    const ended = await run(app, ccas, "/mesure terminer IML-2026-001 depart 2026-01-10");
    expect(cardText(ended)).toContain("La fin au 10 janv. 2026 est antérieure");
    expect(cardText(await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger"))).toContain(
      "loyer:<oui|non|partiellement>",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("records who was present and both conditions; prolonger at 6 months keeps the plan", async () => {
    const reply = await run(
      app,
      ccas,
      "/bilan enregistrer IML-2026-001 prolonger oui partiellement bailleur:non stabilite_remarque:Emploi en CDD",
    );
    expect(reply.tone, cardText(reply)).toBe("success");
    expect(cardText(reply)).toContain(
      "loyer payé : oui · situation stable : partiellement · présents : ménage, travailleur social",
    );
    const stored = await mesure("IML-2026-001");
    expect(stored.plannedEndDate).toBe("2027-03-02");
    expect(stored.bilans[0]).toMatchObject({
      outcome: "prolonger",
      landlordPresent: false,
      householdPresent: true,
      workerPresent: true,
      rentPaid: "oui",
      situationStable: "partiellement",
      situationStableRemark: "Emploi en CDD",
      extendedTo: "2027-03-02",
    });
    expect(await pending("IML-2026-001")).toContain("2027-01-04 bilan_10");
  });

  it("prolonger at 10 months moves the slide decision to 18 months and plans a pre-end bilan", async () => {
    clock.set(new Date("2027-01-04T09:00:00Z"));
    const reply = await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger non partiellement date:2027-01-04");
    expect(reply.tone, cardText(reply)).toBe("success");
    expect((await mesure("IML-2026-001")).plannedEndDate).toBe("2027-09-02");
    const due = await pending("IML-2026-001");
    expect(due).toContain("2027-09-02 glissement_12");
    expect(due).toContain("2027-07-02 bilan_fin");
    expect(due.filter((d) => d.includes("bilan_10"))).toEqual([]);
    expect(due.filter((d) => d.includes("glissement_12"))).toHaveLength(1);
    expect(cardText(reply)).toContain("2 juil. 2027 — bilan avant la fin de la prolongation");
    // A bilan held outside the plan does not lengthen the mesure.
    const extra = await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger non non date:2027-01-04");
    expect(extra.tone, cardText(extra)).toBe("success");
    expect((await mesure("IML-2026-001")).plannedEndDate).toBe("2027-09-02");
    // At the pre-end bilan, another extension would pass the 18 months: refused, nothing changes.
    clock.set(new Date("2027-07-02T09:00:00Z"));
    const before = await snapshot();
    expect(cardText(await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger non non"))).toContain(
      "ne peut pas dépasser 18 mois",
    );
    expect(await snapshot()).toEqual(before);
    clock.set(new Date("2027-01-04T09:00:00Z"));
  });

  it("glisser needs both conditions and a date on or after the bilan", async () => {
    const before = await snapshot();
    expect(cardText(await run(app, ccas, "/bilan enregistrer IML-2026-002 glisser non oui"))).toContain(
      "ne peut glisser que si",
    );
    expect(
      cardText(await run(app, ccas, "/bilan enregistrer IML-2026-002 glisser oui oui effet:2027-01-01")),
    ).toContain("ne peut pas prendre effet le 1 janv. 2027, avant le bilan qui le décide (4 janv. 2027)");
    expect(await snapshot()).toEqual(before);
    const slid = await run(app, ccas, "/bilan enregistrer IML-2026-002 glisser oui oui effet:2027-02-01");
    expect(slid.tone, cardText(slid)).toBe("success");
    expect(await mesure("IML-2026-002")).toMatchObject({
      status: "terminee",
      endReason: "glissement",
      endDate: "2027-02-01",
    });
    expect((await mesure("IML-2026-002")).bilans[0]).toMatchObject({ outcome: "glisser", effectiveOn: "2027-02-01" });
  });

  it("a departure ends the mesure without counting a bilan held", async () => {
    const reply = await run(app, ccas, "/mesure terminer IML-2026-003 depart 2026-12-20");
    expect(reply.tone, cardText(reply)).toBe("success");
    const ended = await mesure("IML-2026-003");
    expect(ended).toMatchObject({ status: "terminee", endReason: "depart", endDate: "2026-12-20" });
    expect(ended.bilans).toEqual([]);
    expect(ended.echeances.filter((e) => e.doneAt)).toEqual([]);
    expect(ended.echeances.filter((e) => !e.cancelledAt)).toEqual([]);
  });

  it("settles for good every échéance a bilan held or an end closed: the reminders never read it again", async () => {
    const echeances = await app.database.prisma.echeance.findMany();
    const closed = echeances.filter((e) => e.doneAt || e.cancelledAt);
    // Done by bilans (6 months, then the 10-month slide) and cancelled by the slide and the departure.
    expect(closed.filter((e) => e.doneAt).length).toBeGreaterThanOrEqual(2);
    expect(closed.filter((e) => e.cancelledAt).length).toBeGreaterThanOrEqual(2);
    expect(closed.filter((e) => e.recheck !== "").map((e) => `${e.kind} ${e.dueDate} ${e.recheck}`)).toEqual([]);
  });
});
