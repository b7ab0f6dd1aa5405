import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { attachedText as file, cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-L", userExternalId: "U-ADMIN" });
const ccas = identity({ territoryExternalId: "T-L", userExternalId: "U-CCAS", platformAdmin: false });

describeEachDatabase("landlords counted in the activity report", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      '/config bailleur ajouter "Finistère Habitat" public',
      '/config bailleur ajouter "Agence du Port" prive',
      "/config quota dalo 2026 10",
      "/config role user:U-CCAS ccas",
      "/config role user:U-CCAS siao",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    const landlords = [
      '"Finistère Habitat" public',
      '"finistere habitat" public',
      '"Agence du Port" prive',
      "prive prive PP-7",
    ];
    for (const [i, landlord] of landlords.entries()) {
      await run(app, ccas, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Note.");
      await run(app, ccas, `/candidature decider C-2026-00${i + 1} validee`);
      const opened = await run(app, ccas, `/mesure ouvrir C-2026-00${i + 1} 2026-03-02 ${landlord}`);
      expect(opened.tone, cardText(opened)).toBe("success");
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("counts mesures per landlord of the list, private owners together and never by name or reference", async () => {
    const reply = await run(app, ccas, "/rapport activite 2026");
    const csv = file(reply, ".csv");
    expect(csv).toContain("Bailleurs;Finistère Habitat;;Nombre;2;");
    expect(csv).toContain("Bailleurs;Agence du Port;;Nombre;1;");
    expect(csv).toContain("Bailleurs;propriétaire privé;;Nombre;1;");
    expect(csv).not.toContain("PP-7");
    expect(csv).not.toMatch(/ne sont pas comptés/);
  });
});
