import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, demoMember, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const demo = demoMember();

describeEachDatabase("answers that say what was wrong", (provider) => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, fixedClock(new Date("2026-10-07T09:00:00Z")));
    await app.services.demo.ensure({ locale: "fr", timezone: "Europe/Paris" });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("names what a value should have been", async () => {
    expect(cardText(await run(app, demo, "/bilans abc"))).toMatch(/jours.*un nombre entier entre 1 et/);
    expect(cardText(await run(app, demo, "/comite planifier 2026-11-10 25:99"))).toContain(
      "une heure de 00:00 à 23:59",
    );
    expect(cardText(await run(app, demo, "/mesures couleur:bleu"))).toContain("Option inconnue : « couleur »");
  });

  it("asks to confirm an erasure only when it is allowed", async () => {
    const refused = await run(app, demo, "/rgpd effacer M-2026-001");
    expect(refused.tone).toBe("error");
    expect(cardText(refused)).toContain("M-2026-001");
    expect(refused.buttons ?? []).toEqual([]);
    // The refused candidature's household has nothing running: the confirmation is asked.
    const asked = await run(app, demo, "/rgpd effacer M-2026-010");
    expect(asked.tone).toBe("warning");
    expect(asked.buttons?.[0]?.args).toEqual({ ref: "M-2026-010", confirmer: "oui" });
  });

  it("lists running mesures a page at a time, to those who follow them", async () => {
    const list = await run(app, demo, "/mesures liste");
    expect(list.lines).toHaveLength(5);
    expect(list.footer).toContain("Page 1/1 · 5 mesure(s) en cours.");
    expect(cardText(list)).toMatch(/IML-2026-005 \(M-2026-005\) — dalo — entrée le .* — prochaine échéance : ⚠/);
    expect(cardText(await run(app, demo, "/mesures liste dalo"))).not.toContain("sortie-structures");
    expect(cardText(await run(app, demo, "/mesures liste page:2"))).toContain("la page 2 n’existe pas");
    const siao = identity({ platform: "console", territoryExternalId: "console-demo", userExternalId: "U-SIAO" });
    await run(app, demo, "/config role user:U-SIAO siao");
    expect(cardText(await run(app, { ...siao, platformAdmin: false }, "/mesures liste"))).toContain(
      "rôle nécessaire pour /mesures liste",
    );
  });

  it("keeps the console's last admin", async () => {
    const refused = await run(app, demo, "/config retirer-role user:demo admin");
    expect(cardText(refused)).toContain("dernier administrateur");
    expect(await app.database.prisma.roleGrant.count({ where: { role: "admin" } })).toBe(1);
    await run(app, demo, "/config role user:U-SIAO admin");
    expect((await run(app, demo, "/config retirer-role user:demo admin")).tone).toBe("success");
  });
});
