import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { scanStoredTexts } from "../../src/services/privacy-scan.ts";
import { identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-S", userExternalId: "UADMIN" });
const staff = identity({ territoryExternalId: "T-S", userExternalId: "USTAFF", platformAdmin: false });

describeEachDatabase("privacy scan of texts stored by earlier versions", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      "/config role user:USTAFF ccas",
      "/config role user:USTAFF comite",
      '/config bailleur ajouter "Finistère Habitat" public',
    ])
      await run(app, admin, line);
    await run(
      app,
      staff,
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Note factuelle.",
    );
    await run(
      app,
      staff,
      '/situation ajouter M-2026-001 "Finistère Habitat" impayes normale Impayés depuis deux mois.',
    );
    await run(app, staff, "/situation decision S-2026-001 Demande FSL à déposer.");
    // What an earlier version let through, written as it stored it.
    const p = app.database.prisma;
    await p.candidature.updateMany({ data: { note: "Joindre Mme Benali au 06 12 34 56 78" } });
    await p.situation.updateMany({ data: { landlord: "M. Dupont, 12 rue de la Paix" } });
    await p.dispositif.updateMany({ data: { name: "DALO fatima (at) gmail.com" } });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("names the references and fields to review, never the text", async () => {
    const { scanned, findings } = await scanStoredTexts(app.database.prisma, "2026-03-02");
    expect(scanned).toBeGreaterThanOrEqual(5);
    expect(findings).toEqual([
      { territoryId: expect.any(String), reference: "C-2026-001", field: "candidature.note", kinds: ["phone", "name"] },
      {
        territoryId: expect.any(String),
        reference: "S-2026-001",
        field: "situation.bailleur",
        kinds: ["name", "address"],
      },
      { territoryId: expect.any(String), reference: "dalo", field: "dispositif.nom", kinds: ["email"] },
    ]);
  });

  // The command line is the same whatever the database: run once, in the SQLite pass.
  if (provider === "sqlite")
    it("prints them from npm run privacy:scan, and exits 1 when there are any", () => {
      const result = spawnSync("npx", ["tsx", "src/cli/privacy-scan.ts"], {
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("C-2026-001\tcandidature.note\tphone,name");
      expect(result.stdout).toContain("3 to review");
      for (const secret of ["06 12", "Benali", "Dupont", "Paix", "fatima"]) expect(result.stdout).not.toContain(secret);
    });
});
