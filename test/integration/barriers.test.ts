import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { attachedText as file, cardText, identity, run, testApp } from "../support/app.ts";
import { setUp } from "../support/bots.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-F", userExternalId: "U-ADMIN" });
const ccas = identity({ territoryExternalId: "T-F", userExternalId: "U-CCAS", platformAdmin: false });

describeEachDatabase("barriers to exit noted at bilans", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  const barriers = async () =>
    (await app.database.prisma.bilanBarrier.findMany({ include: { bilan: { select: { mesure: true } } } }))
      .map((b) => `${b.bilan.mesure.reference} ${b.barrier}`)
      .sort();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await setUp(app, admin, [
      "/config dispositif dalo DALO",
      "/config bailleur ajouter Bailleur public",
      "/config quota dalo 2026 5",
      "/config role user:U-CCAS ccas",
      "/config role user:U-CCAS siao",
    ]);
    for (const n of [1, 2, 3]) {
      await run(app, ccas, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Note.");
      await run(app, ccas, `/candidature decider C-2026-00${n} validee`);
      expect((await run(app, ccas, `/mesure ouvrir C-2026-00${n} 2026-03-02 Bailleur public`)).tone).toBe("success");
    }
    clock.set(new Date("2026-09-03T09:00:00Z"));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("refuses a barrier outside the list, saying which ones exist and writing nothing", async () => {
    const reply = await run(app, ccas, "/bilan enregistrer IML-2026-001 prolonger oui oui freins:dettes,Mme_Benali");
    expect(reply.tone).toBe("error");
    expect(cardText(reply)).toContain("freins");
    expect(cardText(reply)).toContain("dettes, ressources_insuffisantes, logement_inadapte");
    expect(await app.database.prisma.bilan.count()).toBe(0);
  });

  it("records the barriers a bilan notes, typed with commas, spaces or accents, each once", async () => {
    const one = await run(
      app,
      ccas,
      '/bilan enregistrer IML-2026-001 prolonger oui partiellement freins:"dettes, santé, dettes"',
    );
    expect(one.tone, cardText(one)).toBe("success");
    const two = await run(app, ccas, "/bilan enregistrer IML-2026-002 prolonger oui oui freins:logement_inadapte");
    expect(two.tone, cardText(two)).toBe("success");
    expect((await run(app, ccas, "/bilan enregistrer IML-2026-003 prolonger oui oui")).tone).toBe("success");
    expect(await barriers()).toEqual(["IML-2026-001 dettes", "IML-2026-001 sante", "IML-2026-002 logement_inadapte"]);
  });

  it("shows them on the fiche-bilan and counts households by barrier in the activity report", async () => {
    const fiche = file(await run(app, ccas, "/bilan fiche IML-2026-001"), ".md");
    expect(fiche).toContain("**Freins à la sortie relevés** : dettes, santé");
    const csv = file(await run(app, ccas, "/rapport activite 2026"), ".csv");
    expect(csv).toContain("Freins à la sortie;dettes;;Nombre;1;");
    expect(csv).toContain("Freins à la sortie;santé;;Nombre;1;");
    expect(csv).toContain("Freins à la sortie;absence de logement adapté;;Nombre;1;");
    expect(csv).toContain("Freins à la sortie;non renseigné;;Nombre;1;");
  });
});
