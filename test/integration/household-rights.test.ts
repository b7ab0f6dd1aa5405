import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-R", userExternalId: "UADMIN" });
const staff = identity({ territoryExternalId: "T-R", userExternalId: "USTAFF", platformAdmin: false });

describeEachDatabase("a household's references, reads and erasure", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 4",
      '/config bailleur ajouter "trace-bailleur-mesure" public',
      ...["ccas", "siao", "comite", "finance"].map((role) => `/config role user:USTAFF ${role}`),
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const ok = async (line: string) => {
    const reply = await run(app, staff, line);
    expect(reply.tone, `${line}\n${cardText(reply)}`).not.toBe("error");
    return reply;
  };

  it("refuses an unknown but well-formed reference instead of creating a household", async () => {
    const before = await app.database.prisma.household.count();
    for (const line of [
      "/candidature deposer M-2099-001 dalo famille chrs minima_sociaux oui personne_seule Note factuelle.",
      '/situation ajouter M-2099-001 "Bailleur A" impayes normale Impayés depuis deux mois.',
      "/securisation declarer vacance 3000 menage:M-2099-001 du:2026-01-01 au:2026-02-15",
    ]) {
      const reply = await run(app, staff, line);
      expect(reply.tone, line).toBe("error");
      expect(cardText(reply)).toContain("référence inconnue");
    }
    expect(await app.database.prisma.household.count()).toBe(before);
    expect(await app.database.prisma.referenceCounter.count({ where: { year: 2099 } })).toBe(0);
  });

  it("keeps a known household's profile when another candidature names it", async () => {
    await ok("/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_avec_enfants Première.");
    await ok("/candidature decider C-2026-001 refusee Hors critères");
    await ok("/candidature deposer M-2026-001 dalo homme_seul chrs sans_ressources oui personne_seule Seconde.");
    const household = await app.database.prisma.household.findFirstOrThrow({ where: { reference: "M-2026-001" } });
    expect(household).toMatchObject({ composition: "couple_avec_enfants", publicCible: "famille" });
    expect(household.resourceBracket).toBe("minima_sociaux");
  });

  it("audits every read of a claim's details", async () => {
    // M-2026-001 has no mesure: a claim with no period, which no mesure's life has to hold.
    await ok(
      '/securisation declarer remise_en_etat 3000 menage:M-2026-001 exceptionnel:oui justification:"Porte dégradée"',
    );
    const claim = await app.database.prisma.securisationClaim.findFirstOrThrow();
    const reads = () => app.database.prisma.auditEvent.count({ where: { action: "household.read" } });
    const before = await reads();
    await ok(`/securisation voir ${claim.reference}`);
    expect(await reads()).toBe(before + 1);
    const last = await app.database.prisma.auditEvent.findFirstOrThrow({
      where: { action: "household.read" },
      orderBy: { createdAt: "desc" },
    });
    expect(last).toMatchObject({ subjectRef: "M-2026-001", actorId: expect.any(String) });
  });

  it("snoozes only a reminder whose subject names a record of the territory", async () => {
    const claim = await app.database.prisma.securisationClaim.findFirstOrThrow();
    const snoozes = () => app.database.prisma.reminderSnooze.count();
    for (const line of [
      "/rappels reporter claim_incomplete SEC-2099-001 2",
      "/rappels reporter claim_incomplete Relancer le bailleur 2",
      `/rappels reporter advance_overdue ${claim.reference} 2`,
    ]) {
      const reply = await run(app, staff, line);
      expect(reply.tone, line).toBe("error");
      expect(cardText(reply)).toContain("ne désigne aucun rappel");
    }
    expect(await snoozes()).toBe(0);
    await ok(`/rappels reporter claim_incomplete ${claim.reference.toLowerCase()} 2`);
    expect((await app.database.prisma.reminderSnooze.findFirstOrThrow()).subjectRef).toBe(claim.reference);
  });

  it("erases every free text tied to the household, landlords included", async () => {
    const traces = [
      "trace-note",
      "trace-motif-decision",
      "trace-bailleur-mesure",
      "TRACE-PROPRIO-9",
      "trace-resume-situation",
      "trace-decision-comite",
      "trace-action-comite",
      "trace-logement",
      "trace-aide",
      "trace-justification",
      "trace-manque",
      "trace-fin",
    ];
    await ok(`/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Voir ${traces[0]}.`);
    await ok(`/candidature decider C-2026-003 validee motif:${traces[1]}`);
    await ok(`/mesure ouvrir C-2026-003 2026-03-02 "${traces[2]}" public`);
    await ok(`/situation ajouter M-2026-002 prive impayes normale Impayés, ${traces[4]}. proprietaire:${traces[3]}`);
    await ok(`/situation decision S-2026-001 Accord ${traces[5]}`);
    await ok(`/situation action S-2026-001 Appeler ${traces[6]} <@USTAFF> 2026-03-20`);
    await ok(
      `/securisation declarer impayes 3000 menage:M-2026-002 logement:${traces[7]} du:2026-03-02 au:2026-03-02 loyer:500 aide_refusee:oui aide:"FSL ${traces[8]}" justification:"Voir ${traces[9]}"`,
    );
    const claim = await app.database.prisma.securisationClaim.findFirstOrThrow({
      where: { household: { reference: "M-2026-002" } },
    });
    await ok(`/securisation incomplete ${claim.reference} Manque ${traces[10]}`);
    await ok("/situation clore S-2026-001 resolue avec_actions:oui");
    await ok(`/mesure terminer IML-2026-001 depart motif:${traces[11]}`);
    const dump = async () => {
      const p = app.database.prisma;
      return JSON.stringify(
        await Promise.all([
          p.household.findMany(),
          p.candidature.findMany(),
          p.candidatureEvent.findMany(),
          p.mesure.findMany(),
          p.bilan.findMany(),
          p.situation.findMany(),
          p.situationEntry.findMany(),
          p.situationAction.findMany(),
          p.securisationClaim.findMany(),
          p.auditEvent.findMany(),
        ]),
      );
    };
    const before = await dump();
    // Each text really was stored, so its absence afterwards means erasure, not a lost write.
    expect(traces.filter((trace) => !before.includes(trace))).toEqual([]);
    expect((await run(app, admin, "/rgpd effacer M-2026-002 confirmer:oui")).tone).toBe("success");
    const after = await dump();
    // The landlord is an organisation of the territory's list: it stays there, not on the mesure.
    expect(traces.filter((trace) => after.includes(trace))).toEqual(["trace-bailleur-mesure"]);
    const mesure = await app.database.prisma.mesure.findFirstOrThrow({ where: { reference: "IML-2026-001" } });
    expect(mesure.landlord).toBe("");
    expect(JSON.stringify(await app.database.prisma.mesure.findMany())).not.toContain("trace-bailleur-mesure");
    expect(await app.database.prisma.landlord.count({ where: { name: "trace-bailleur-mesure" } })).toBe(1);
    expect(after).not.toContain("M-2026-002");
  });
});
