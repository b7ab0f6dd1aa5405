import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-D", userExternalId: "U-ADMIN" });
const ccas = identity({ territoryExternalId: "T-D", userExternalId: "U-CCAS", platformAdmin: false });
const siao = identity({ territoryExternalId: "T-D", userExternalId: "U-SIAO", platformAdmin: false });

describeEachDatabase("dispositif settings", (provider) => {
  const clock = fixedClock(new Date("2026-12-01T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  const pending = async (reference: string) =>
    (
      await app.database.prisma.echeance.findMany({
        where: { mesure: { reference }, doneAt: null, cancelledAt: null },
        orderBy: { dueDate: "asc" },
      })
    ).map((e) => `${e.dueDate} ${e.kind}`);

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of ["/config role user:U-CCAS ccas", "/config role user:U-SIAO siao"])
      expect((await run(app, admin, line)).tone).toBe("success");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("creates a dispositif with its name, then sets its agrément month", async () => {
    expect(cardText(await run(app, admin, "/config dispositif sortie"))).toContain("n’existe pas encore");
    const created = await run(app, admin, "/config dispositif sortie Sortie de structures eligibilite:heberges");
    expect(cardText(created)).toContain("Dispositif sortie créé : Sortie de structures");
    expect(cardText(created)).toContain("seulement les ménages déjà hébergés");
    const set = await run(app, admin, "/config dispositif sortie mois_agrement:9");
    expect(cardText(set)).toContain("Année d’agrément à partir de septembre");
    await run(app, admin, "/config quota sortie 2026 4");
    // 1 December 2026 falls in the year of agrément that started in September 2026.
    expect(cardText(await run(app, ccas, "/mesures sortie"))).toContain("— 2026: 4 approuvées · 0 en cours");
  });

  it("applies the eligibility rule it was given", async () => {
    const refused = await run(
      app,
      ccas,
      "/candidature deposer nouveau sortie famille autre minima_sociaux oui couple_sans_enfant Note.",
    );
    expect(refused.tone).toBe("error");
    await run(app, admin, "/config dispositif sortie eligibilite:tous");
    const accepted = await run(
      app,
      ccas,
      "/candidature deposer nouveau sortie famille autre minima_sociaux oui couple_sans_enfant Note.",
    );
    expect(accepted.tone, cardText(accepted)).toBe("success");
  });

  it("refuses durations that do not fit together, changing nothing", async () => {
    const before = await app.database.prisma.dispositif.findFirstOrThrow({ where: { code: "sortie" } });
    expect(cardText(await run(app, admin, "/config dispositif sortie premier_bilan:11"))).toContain(
      "doivent se suivre",
    );
    expect(cardText(await run(app, admin, "/config dispositif sortie glissement:20"))).toContain(
      "ne peut pas dépasser la durée maximale (18 mois)",
    );
    expect(await app.database.prisma.dispositif.findFirstOrThrow({ where: { code: "sortie" } })).toEqual(before);
  });

  it("re-plans only the future échéances of running mesures and says how many", async () => {
    await run(app, siao, "/candidature decider C-2026-001 validee");
    await run(app, admin, "/config bailleur ajouter Bailleur public");
    expect((await run(app, ccas, "/mesure ouvrir C-2026-001 2026-12-01 Bailleur public")).tone).toBe("success");
    clock.set(new Date("2027-02-15T09:00:00Z"));
    expect((await run(app, ccas, "/bilan suivi IML-2026-001")).tone).toBe("success");
    const reply = await run(app, admin, "/config dispositif sortie suivi:3 glissement:13");
    expect(cardText(reply)).toContain("Mesures en cours replanifiées (seules leurs échéances à venir) : 1.");
    expect(await pending("IML-2026-001")).toEqual([
      "2027-03-01 suivi",
      "2027-06-01 bilan_6",
      "2027-09-01 suivi",
      "2027-10-01 bilan_10",
      "2027-12-01 suivi",
      "2028-01-03 glissement_12",
    ]);
    const held = await app.database.prisma.echeance.findMany({
      where: { mesure: { reference: "IML-2026-001" }, NOT: { doneAt: null } },
    });
    expect(held.map((e) => `${e.dueDate} ${e.kind}`)).toEqual(["2027-02-01 suivi"]);
    expect(
      (await app.database.prisma.mesure.findFirstOrThrow({ where: { reference: "IML-2026-001" } })).plannedEndDate,
    ).toBe("2028-01-01");
    const again = await run(app, admin, "/config dispositif sortie suivi:3");
    expect(cardText(again)).toContain("Rien n’a changé");
  });
});
