import { readdirSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { migrate } from "../../src/db/migrate.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const clock = fixedClock(new Date("2026-11-21T09:00:00Z"));
const adminA = identity({ territoryExternalId: "T-A", userExternalId: "U-ADMIN-A" });
const adminB = identity({ territoryExternalId: "T-B", userExternalId: "U-ADMIN-B" });
const ccasA = identity({ territoryExternalId: "T-A", userExternalId: "U-CCAS-A", platformAdmin: false });
const nobodyA = identity({
  territoryExternalId: "T-A",
  userExternalId: "U-NOBODY",
  platformAdmin: false,
  locale: "en",
});

describeEachDatabase("foundation", (provider) => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await run(app, adminA, "/config dispositif sortie-structures IML Sortie de structures");
    await run(app, adminA, "/config quota sortie-structures 2026 10");
    await run(app, adminA, "/config role user:U-CCAS-A ccas");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const auditCount = () => app.database.prisma.auditEvent.count();

  it("applies migrations once: a second run finds nothing to do", async () => {
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
    // Every migration folder of the provider, already applied by the app's start.
    const folders = readdirSync(`prisma/${db.provider}/migrations`, { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    );
    expect(folders.length).toBeGreaterThan(0);
    expect(again.alreadyApplied).toBe(folders.length);
  });

  it("counts approved, held and remaining mesures", async () => {
    const reply = await run(app, ccasA, "/mesures");
    expect(reply.tone).not.toBe("error");
    expect(cardText(reply)).toContain("10 approuvées · 0 en cours · 10 restantes");
  });

  it("answers an unknown dispositif with the known ones", async () => {
    const reply = await run(app, ccasA, "/mesures inconnu");
    expect(reply.tone).toBe("error");
    expect(cardText(reply)).toContain("« inconnu » n'existe pas");
    expect(cardText(reply)).toContain("sortie-structures");
  });

  it("refuses bad configuration values, writing nothing", async () => {
    const before = await auditCount();
    for (const line of [
      "/config quota sortie-structures 2026 -3",
      "/config quota sortie-structures 2026 999999",
      "/config quota nulle-part 2026 3",
      "/config quota sortie-structures deux 3",
      "/config canal partout",
      "/config dispositif X",
    ]) {
      const reply = await run(app, adminA, line);
      expect(reply.tone, line).toBe("error");
    }
    expect(await auditCount()).toBe(before);
    const quota = await app.database.prisma.quota.findFirst({ where: { year: 2026 } });
    expect(quota?.approved).toBe(10);
  });

  it("refuses a command to a member without the role, in their language, and audits the attempt", async () => {
    const before = await app.database.prisma.auditEvent.count({ where: { action: "command.refused" } });
    const reply = await run(app, ccasA, "/config quota sortie-structures 2026 1");
    expect(reply.tone).toBe("error");
    expect(cardText(reply)).toContain("rôle nécessaire");
    const english = await run(app, nobodyA, "/mesures");
    expect(cardText(english)).toContain("You do not have the role");
    expect(await app.database.prisma.auditEvent.count({ where: { action: "command.refused" } })).toBe(before + 2);
    const quota = await app.database.prisma.quota.findFirst({ where: { year: 2026 } });
    expect(quota?.approved).toBe(10);
  });

  it("keeps territories apart", async () => {
    const fromB = await run(app, adminB, "/mesures sortie-structures");
    expect(fromB.tone).toBe("error");
    const changeFromB = await run(app, adminB, "/config quota sortie-structures 2026 1");
    expect(cardText(changeFromB)).toContain("n'existe pas");
    await run(app, adminB, "/config dispositif sortie-structures Autre territoire");
    await run(app, adminB, "/config quota sortie-structures 2026 2");
    expect(cardText(await run(app, adminA, "/mesures"))).toContain("10 approuvées");
    expect(cardText(await run(app, adminB, "/mesures"))).toContain("2 approuvées");
    // The CCAS role granted in territory A means nothing in B.
    const ccasInB = await run(app, { ...ccasA, territoryExternalId: "T-B" }, "/mesures");
    expect(ccasInB.tone).toBe("error");
  });

  it("audits every change with who and what", async () => {
    await run(app, adminA, "/config quota sortie-structures 2027 12");
    const territory = await app.database.prisma.territory.findFirstOrThrow({ where: { externalId: "T-A" } });
    const events = await app.database.prisma.auditEvent.findMany({
      where: { territoryId: territory.id, action: "quota.set" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.details)).toEqual([
      { year: 2026, approved: 10, previous: null },
      { year: 2027, approved: 12, previous: null },
    ]);
    expect(events.every((e) => e.actorId !== null)).toBe(true);
  });

  it("turns unknown commands, subcommands and options into usage answers", async () => {
    expect(cardText(await run(app, adminA, "/inconnue"))).toContain("/inconnue n'existe pas");
    expect(cardText(await run(app, adminA, "/config tout"))).toContain("voir, dispositif, quota");
    expect(cardText(await run(app, adminA, "/config quota sortie-structures 2026 3 4"))).toContain("Trop d'éléments");
    expect(
      cardText(await run(app, adminA, "/config quota sortie-structures annee:2026 nombre:3 couleur:bleu")),
    ).toContain("Option inconnue : « couleur ». Options possibles : dispositif, annee, nombre");
    // A word that fits no option says what the option expects, not "too many words".
    expect(cardText(await run(app, adminA, "/bilans abc"))).toMatch(/jours.*un nombre entier entre 1 et/);
  });

  it("maps roles to platform groups and takes them back", async () => {
    const member = identity({
      territoryExternalId: "T-A",
      userExternalId: "U-SIAO",
      platformAdmin: false,
      groupIds: ["G-SIAO"],
    });
    expect((await run(app, member, "/mesures")).tone).toBe("error");
    await run(app, adminA, "/config role groupe:G-SIAO siao");
    expect((await run(app, member, "/mesures")).tone).not.toBe("error");
    await run(app, adminA, "/config retirer-role groupe:G-SIAO siao");
    expect((await run(app, member, "/mesures")).tone).toBe("error");
  });
});
