import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, recordingPort, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-O", userExternalId: "U-ADMIN" });
const ccas = identity({
  territoryExternalId: "T-O",
  userExternalId: "U-CCAS",
  platformAdmin: false,
  displayName: "Coordinatrice",
});
const siao = identity({
  territoryExternalId: "T-O",
  userExternalId: "U-SIAO",
  platformAdmin: false,
  displayName: "Commission",
});
const other = identity({ territoryExternalId: "T-OTHER", userExternalId: "U-CCAS", platformAdmin: false });
const SUBMIT =
  "/candidature deposer nouveau sortie-structures femme_victime_violences chrs minima_sociaux oui famille_monoparentale Budget travaillé, prête à sortir.";

describeEachDatabase("orientation", (provider) => {
  const clock = fixedClock(new Date("2026-02-20T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  const port = recordingPort();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif sortie-structures Sortie de structures",
      "/config quota sortie-structures 2026 2",
      "/config dispositif dalo DALO",
      "/config bailleur ajouter Bailleur public",
      '/config bailleur ajouter "Bailleur Fictif" public',
      '/config bailleur ajouter "Bailleur A" public',
      '/config bailleur ajouter "Bailleur B" public',
      '/config bailleur ajouter "Bailleur C" public',
      "/config quota dalo 2026 1",
      "/config role user:U-CCAS ccas",
      "/config role user:U-SIAO siao",
      "/config canal siao C-SIAO",
    ]) {
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    }
    await run(app, { ...other, platformAdmin: true, userExternalId: "U-ADM2" }, "/config role user:U-CCAS ccas");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const rows = async () => ({
    candidatures: await app.database.prisma.candidature.count(),
    mesures: await app.database.prisma.mesure.count(),
    bilans: await app.database.prisma.bilan.count(),
    audit: await app.database.prisma.auditEvent.count(),
  });

  it("posts a submitted candidature to the SIAO channel without sensitive details", async () => {
    const reply = await run(app, ccas, SUBMIT, port);
    expect(reply.tone).toBe("success");
    expect(cardText(reply)).toContain("C-2026-001");
    const posted = port.posts.at(-1);
    expect(posted?.channelId).toBe("C-SIAO");
    const text = cardText(posted!.card);
    expect(text).toContain("M-2026-001");
    expect(text).not.toMatch(/violence|Budget travaillé|1 enfant/i);
    expect(posted!.card.buttons?.map((b) => b.args.decision)).toEqual(["validee", "refusee", "ajournee", undefined]);
    const stored = await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: "C-2026-001" } });
    expect(stored.channelId).toBe("C-SIAO");
  });

  it("refuses a decision from a member who is not SIAO, changing nothing", async () => {
    const before = await rows();
    const reply = await run(app, ccas, "/candidature decider C-2026-001 validee", port);
    expect(reply.tone).toBe("error");
    const after = await rows();
    expect(after.audit).toBe(before.audit + 1); // the refusal itself is audited
    expect(
      (await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: "C-2026-001" } })).status,
    ).toBe("soumise");
  });

  it("needs a reason to refuse or adjourn, and re-renders the card after a decision", async () => {
    expect(cardText(await run(app, siao, "/candidature decider C-2026-001 refusee", port))).toContain(
      "Un refus demande un motif",
    );
    const updates = port.updates.length;
    const reply = await run(app, siao, "/candidature decider C-2026-001 ajournee Manque l'avis du référent", port);
    expect(reply.tone).toBe("success");
    expect(port.updates).toHaveLength(updates + 1);
    const updated = port.updates.at(-1)!;
    expect(updated.message).toEqual({ channelId: "C-SIAO", messageId: expect.any(String) });
    expect(cardText(updated.card)).toContain("ajournée");
    expect(cardText(updated.card)).toContain("Commission");
    expect(updated.card.buttons?.some((b) => b.args.decision)).toBe(false);
    expect(cardText(updated.card)).not.toContain("référent");
  });

  it("refuses a second decision unless the adjourned candidature was resubmitted", async () => {
    expect(cardText(await run(app, siao, "/candidature decider C-2026-001 validee", port))).toContain(
      "n'attend pas de décision (statut : ajournée)",
    );
    expect((await run(app, ccas, "/candidature redeposer C-2026-001 Avis du référent joint.", port)).tone).toBe(
      "success",
    );
    expect((await run(app, siao, "/candidature decider C-2026-001 validee", port)).tone).toBe("success");
    const detail = await run(app, siao, "/candidature voir C-2026-001");
    expect(detail.visibility).toBe("private");
    expect(cardText(detail)).toContain("femme victime de violences");
    // The adjournment stays in the history: what was missing, by whom, when.
    const history = cardText(detail);
    expect(history).toMatch(/20 févr\. 2026.* — déposée par Coordinatrice/);
    expect(history).toMatch(/ — ajournée par Commission : Manque l'avis du référent/);
    expect(history).toMatch(/ — redéposée par Coordinatrice : Avis du référent joint\./);
    expect(history).toMatch(/ — validée par Commission/);
    expect(
      await app.database.prisma.auditEvent.count({ where: { action: "household.read", subjectRef: "M-2026-001" } }),
    ).toBe(1);
  });

  it("answers bad references and foreign territories without writing", async () => {
    const before = await rows();
    for (const [who, line] of [
      [ccas, "/mesure ouvrir C-2099-999 2026-03-01 Bailleur public"],
      [other, "/mesure ouvrir C-2026-001 2026-03-01 Bailleur public"],
      [ccas, "/mesure ouvrir C-2026-001 2027-03-01 Bailleur public"],
      [ccas, "/mesure ouvrir C-2026-001 2025-03-01 Bailleur public"],
      [ccas, "/mesure ouvrir C-2026-001 2026-02-30 Bailleur public"],
      [ccas, "/mesure ouvrir C-2026-001 2026-03-01 Bailleur hlm"],
      [ccas, "/candidature deposer Mme-Dupont sortie-structures famille chrs minima_sociaux oui personne_seule Note"],
      [siao, "/candidature decider C-2026-001 peut-etre"],
    ] as const) {
      expect((await run(app, who, line, port)).tone, line).toBe("error");
    }
    const after = await rows();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it("opens mesures until the quota is exhausted, then refuses with the numbers", async () => {
    expect((await run(app, ccas, '/mesure ouvrir C-2026-001 2026-03-01 "Bailleur Fictif" public', port)).tone).toBe(
      "success",
    );
    expect(cardText(await run(app, ccas, "/mesure ouvrir C-2026-001 2026-03-01 Autre public", port))).toContain(
      "a déjà une mesure",
    );
    // A second household, validated, takes the last unit; a third finds none.
    for (const n of [2, 3]) {
      await run(app, ccas, SUBMIT, port);
      await run(app, siao, `/candidature decider C-2026-00${n} validee`, port);
    }
    expect((await run(app, ccas, "/mesure ouvrir C-2026-002 02/03/2026 Bailleur prive", port)).tone).toBe("success");
    const refused = await run(app, ccas, "/mesure ouvrir C-2026-003 2026-03-02 Bailleur prive", port);
    expect(cardText(refused)).toContain("2 tenues sur 2 approuvées");
    expect(cardText(await run(app, ccas, "/mesures sortie-structures"))).toContain(
      "2 approuvées · 2 en cours · 0 restantes",
    );
  });

  it("schedules bilans from the entry date and lists what is due", async () => {
    const due = await run(app, ccas, "/bilans 200");
    const text = cardText(due);
    expect(text).toContain("IML-2026-001 (M-2026-001) — point de suivi");
    expect(text).toMatch(/1 sept\. 2026 — IML-2026-001 \(M-2026-001\) — bilan à 6 mois/);
    expect(text).not.toContain("bilan à 10 mois"); // 1 January 2027 is beyond 200 days
    const timeline = cardText(await run(app, ccas, "/mesure voir IML-2026-001"));
    expect(timeline).toContain("4 janv. 2027 — bilan à 10 mois");
    expect(timeline).toContain("1 mars 2027 — décision de glissement");
  });

  it("records each bilan outcome; an ending frees the unit", async () => {
    clock.set(new Date("2026-09-03T09:00:00Z"));
    const extended = await run(
      app,
      ccas,
      "/bilan enregistrer IML-2026-001 prolonger oui partiellement travail:budget",
      port,
    );
    expect(extended.tone).toBe("success");
    expect(cardText(extended)).toContain("glissement prévu le 1 mars 2027");
    expect(cardText(await run(app, ccas, "/bilan enregistrer IML-2026-002 fin non non", port))).toContain(
      "demande une raison",
    );
    expect((await run(app, ccas, "/bilan enregistrer IML-2026-002 fin non non relogement", port)).tone).toBe("success");
    expect(cardText(await run(app, ccas, "/bilan enregistrer IML-2026-002 glisser", port))).toContain("est terminée");
    expect(cardText(await run(app, ccas, "/mesures sortie-structures"))).toContain(
      "2 approuvées · 1 en cours · 1 restantes",
    );
    expect((await run(app, ccas, "/mesure ouvrir C-2026-003 2026-09-03 Bailleur prive", port)).tone).toBe("success");
    clock.set(new Date("2027-03-01T09:00:00Z"));
    const slid = await run(app, ccas, "/bilan enregistrer IML-2026-001 glisser oui oui", port);
    expect(cardText(slid)).toContain("bail glissé");
    const stored = await app.database.prisma.mesure.findFirstOrThrow({ where: { reference: "IML-2026-001" } });
    expect(stored).toMatchObject({ status: "terminee", endReason: "glissement", endDate: "2027-03-01" });
    expect(
      await app.database.prisma.echeance.count({ where: { mesureId: stored.id, doneAt: null, cancelledAt: null } }),
    ).toBe(0);
  });
});

describeEachDatabase("quota under concurrency", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await run(app, admin, "/config dispositif dalo DALO");
    await run(app, admin, "/config bailleur ajouter Bailleur public");
    await run(app, admin, "/config quota dalo 2026 1");
    await run(app, admin, "/config role user:U-CCAS ccas");
    await run(app, admin, "/config role user:U-SIAO siao");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("lets exactly one of 20 simultaneous openings take the last unit", async () => {
    const refs: string[] = [];
    for (let i = 0; i < 20; i++) {
      await run(
        app,
        ccas,
        "/candidature deposer nouveau dalo famille autre minima_sociaux oui couple_sans_enfant Note factuelle.",
      );
      const ref = `C-2026-${String(i + 1).padStart(3, "0")}`;
      expect((await run(app, siao, `/candidature decider ${ref} validee`)).tone).toBe("success");
      refs.push(ref);
    }
    const replies = await Promise.all(
      refs.map((ref) => run(app, ccas, `/mesure ouvrir ${ref} 2026-03-02 Bailleur public`)),
    );
    const opened = replies.filter((r) => r.tone === "success");
    const refused = replies.filter((r) => cardText(r).includes("Plus de mesure disponible"));
    expect(opened).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(await app.database.prisma.mesure.count({ where: { status: "active" } })).toBe(1);
  });

  it("lists at most 40 échéances in /bilans, with the full counts", async () => {
    await run(app, admin, "/config quota dalo 2026 20");
    for (let i = 2; i <= 20; i++)
      await run(app, ccas, `/mesure ouvrir C-2026-${String(i).padStart(3, "0")} 2026-03-02 Bailleur public`);
    const expected = await app.database.prisma.echeance.count({
      where: { dueDate: { lte: "2027-03-02" }, doneAt: null, cancelledAt: null },
    });
    const reply = await run(app, ccas, "/bilans 365");
    const listed = (reply.fields ?? []).flatMap((f) => f.value.split("\n"));
    expect(expected).toBeGreaterThan(40);
    expect(listed).toHaveLength(40);
    expect(cardText(reply)).toContain(`Les 40 plus proches sur ${expected}`);
    expect(reply.footer).toContain(`${expected} échéance(s)`);
  });
});
