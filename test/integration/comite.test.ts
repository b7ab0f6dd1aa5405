import { mention } from "../../src/core/card.ts";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, recordingPort, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-C", userExternalId: "UADMIN" });
const bailleur = identity({
  territoryExternalId: "T-C",
  userExternalId: "UBAILLEUR",
  platformAdmin: false,
  displayName: "Bailleur",
});
const ccas = identity({
  territoryExternalId: "T-C",
  userExternalId: "UCCAS",
  platformAdmin: false,
  displayName: "CCAS",
});
const outsider = identity({ territoryExternalId: "T-ELSEWHERE", userExternalId: "UOUT", platformAdmin: false });

describeEachDatabase("comité technique", (provider) => {
  const clock = fixedClock(new Date("2026-11-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  const port = recordingPort();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config role user:UBAILLEUR comite",
      "/config role user:UCCAS ccas",
      "/config canal comite C-COMITE",
      '/config bailleur ajouter "Bailleur A" public',
      '/config bailleur ajouter "Bailleur B" public',
      '/config bailleur ajouter "Bailleur C" public',
    ])
      expect((await run(app, admin, line)).tone).not.toBe("error");
    await run(app, outsider, "/aide");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const counts = async () => ({
    situations: await app.database.prisma.situation.count(),
    entries: await app.database.prisma.situationEntry.count(),
    actions: await app.database.prisma.situationAction.count(),
  });

  it("adds situations of different urgency, posted without their summary", async () => {
    await run(
      app,
      ccas,
      '/situation ajouter nouveau "Bailleur A" impayes normale Impayés depuis 2 mois, FSL demandé.',
      port,
    );
    clock.advanceDays(1);
    await run(
      app,
      bailleur,
      '/situation ajouter nouveau "Bailleur B" violences immediate Mise en sécurité demandée par la référente.',
      port,
    );
    clock.advanceDays(1);
    await run(
      app,
      ccas,
      '/situation ajouter nouveau "Bailleur A" troubles_voisinage haute Plaintes du voisinage, médiation à organiser.',
      port,
    );
    expect(port.posts.map((p) => p.channelId)).toEqual(["C-COMITE", "C-COMITE", "C-COMITE"]);
    const violence = cardText(port.posts[1]!.card);
    expect(violence).toContain("confidentielle");
    expect(violence).not.toMatch(/violence|sécurité|référente/i);
    expect(cardText(port.posts[0]!.card)).not.toContain("FSL");
  });

  it("refuses summaries with personal identifiers, and bad texts, storing nothing", async () => {
    const before = await counts();
    for (const line of [
      '/situation ajouter nouveau "Bailleur A" sante haute Joindre Mme au 06 12 34 56 78.',
      '/situation ajouter nouveau "Bailleur A" sante haute Écrire à dupont@example.org',
      '/situation ajouter nouveau "Bailleur A" sante haute Née le 3 mars, suivi à prévoir.',
      '/situation ajouter nouveau "Bailleur A" sante haute court',
      `/situation ajouter nouveau "Bailleur A" sante haute ${"x".repeat(601)}`,
      '/situation ajouter Mme-Martin "Bailleur A" sante haute Un résumé factuel suffisant.',
    ]) {
      expect((await run(app, ccas, line, port)).tone, line).toBe("error");
    }
    const reply = await run(
      app,
      ccas,
      '/situation ajouter nouveau "Bailleur A" sante haute Joindre au 06 12 34 56 78.',
      port,
    );
    expect(cardText(reply)).toContain("un numéro de téléphone");
    expect(await counts()).toEqual(before);
  });

  it("gives the agenda most urgent first, and moves late additions to the following meeting", async () => {
    expect(cardText(await run(app, ccas, "/comite ordre-du-jour"))).toContain("Aucune réunion");
    expect((await run(app, bailleur, "/comite planifier 2026-11-10 14h")).tone).toBe("success");
    clock.set(new Date("2026-11-09T10:00:00Z")); // the day before: the agenda is frozen
    await run(
      app,
      ccas,
      '/situation ajouter nouveau "Bailleur C" autre normale Ajoutée après le gel de l ordre du jour.',
      port,
    );
    const agenda = cardText(await run(app, bailleur, "/comite ordre-du-jour"));
    const order = ["S-2026-002", "S-2026-003", "S-2026-001"].map((ref) => agenda.indexOf(ref));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const later = agenda.indexOf("pour le comité suivant");
    expect(later).toBeGreaterThan(order[2]!);
    expect(agenda.indexOf("S-2026-004")).toBeGreaterThan(later);
    expect(cardText(await run(app, bailleur, "/comite planifier 2026-11-01"))).toContain("passée");
  });

  it("records decisions (comité only) and actions with an owner of the territory", async () => {
    expect((await run(app, ccas, "/situation decision S-2026-001 Saisir le FSL.", port)).tone).toBe("error");
    const updates = port.updates.length;
    expect(
      (await run(app, bailleur, "/situation decision S-2026-001 Saisir le FSL et proposer un plan.", port)).tone,
    ).toBe("success");
    expect(port.updates).toHaveLength(updates + 1);
    const before = await counts();
    expect(
      cardText(await run(app, bailleur, "/situation action S-2026-001 Contacter le FSL user:UOUT 2026-12-01", port)),
    ).toContain("n'est pas un membre connu");
    expect(
      cardText(await run(app, bailleur, "/situation action S-2026-001 Contacter le FSL <@UCCAS> 2026-11-01", port)),
    ).toContain("est passée");
    expect(
      cardText(await run(app, bailleur, "/situation action S-2099-001 Contacter le FSL <@UCCAS> 2026-12-01", port)),
    ).toContain("Aucune situation");
    expect(await counts()).toEqual(before);
    expect(
      (await run(app, bailleur, "/situation action S-2026-001 Contacter le FSL <@UCCAS> 2026-12-01", port)).tone,
    ).toBe("success");
    const card = port.updates.at(-1)!.card;
    expect(card.lines?.join("\n")).toContain(mention("UCCAS"));
    expect(cardText(card)).not.toContain("FSL");
  });

  it("lets only the owner (or an admin) close an action, and an admin reassign it", async () => {
    expect(cardText(await run(app, bailleur, "/action fait 1"))).toContain("confiée à un autre membre");
    expect((await run(app, admin, "/action reassigner 1 <@UBAILLEUR>")).tone).toBe("success");
    expect(cardText(await run(app, ccas, "/action fait 1"))).toContain("confiée à un autre membre");
    expect((await run(app, bailleur, "/action fait 1")).tone).toBe("success");
    expect(cardText(await run(app, bailleur, "/action fait 1"))).toContain("déjà faite");
    expect(cardText(await run(app, bailleur, "/action fait 99"))).toContain("Aucune action A-99");
  });

  it("closes a situation once, and never silently with open actions", async () => {
    await run(app, bailleur, "/situation action S-2026-003 Organiser une médiation <@UCCAS> 2026-12-15", port);
    expect(cardText(await run(app, ccas, "/situation clore S-2026-003 resolue"))).toContain(
      "encore 1 action(s) ouverte(s) (A-2)",
    );
    expect((await run(app, ccas, "/situation clore S-2026-003 orientee_ailleurs avec_actions:oui", port)).tone).toBe(
      "success",
    );
    expect(await app.database.prisma.situationAction.count({ where: { doneAt: null } })).toBe(0);
    expect((await run(app, ccas, "/situation clore S-2026-001 resolue", port)).tone).toBe("success");
    expect(cardText(await run(app, ccas, "/situation clore S-2026-001 resolue"))).toContain("déjà close");
    const detail = await run(app, ccas, "/situation voir S-2026-001");
    expect(detail.visibility).toBe("private");
    const text = cardText(detail);
    for (const step of [
      "ajoutée par CCAS",
      "décision par Bailleur",
      "action créée par Bailleur",
      "action faite par Bailleur",
      "close par CCAS",
    ])
      expect(text).toContain(step);
    expect(cardText(await run(app, ccas, "/situation liste ouverte"))).not.toContain("S-2026-001");
  });
});
