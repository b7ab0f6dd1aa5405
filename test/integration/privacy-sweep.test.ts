import { afterAll, beforeAll, expect, it } from "vitest";
import { PERSONAL_DATA_FORMS } from "../support/privacy-forms.ts";
import { commands } from "../../commands/index.ts";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { Registry } from "../../src/core/registry.ts";
import { cardText, identity, recordingPort, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const registry = new Registry(commands);
const textOptions = registry.entries.flatMap((entry) =>
  registry
    .optionSpecs(entry)
    .filter((spec) => spec.kind === "text")
    .map((spec) => ({ path: entry.path.join(" "), option: spec.name })),
);

const member = identity({ territoryExternalId: "T-PRIV", userExternalId: "UALL", displayName: "Tous rôles" });

describeEachDatabase("personal data cannot reach the database or a channel", (provider) => {
  const clock = fixedClock(new Date("2026-11-20T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  const port = recordingPort();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config role user:UALL ccas",
      "/config role user:UALL siao",
      "/config role user:UALL comite",
      "/config role user:UALL finance",
      "/config dispositif iml Intermédiation locative",
      "/config canal siao C-SIAO",
      "/config canal comite C-COMITE",
      "/config canal finance C-FIN",
      '/config bailleur ajouter "Finistère Habitat" public',
    ])
      expect((await run(app, member, line)).tone, line).not.toBe("error");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Everything stored but the audit trail, to compare before and after. */
  async function snapshot(): Promise<string> {
    const p = app.database.prisma;
    return JSON.stringify([
      await p.territory.findMany(),
      await p.roleGrant.findMany(),
      await p.channelBinding.findMany(),
      await p.dispositif.findMany(),
      await p.quota.findMany(),
      await p.household.findMany(),
      await p.candidature.findMany(),
      await p.mesure.findMany(),
      await p.echeance.findMany(),
      await p.bilan.findMany(),
      await p.comiteMeeting.findMany(),
      await p.situation.findMany(),
      await p.situationEntry.findMany(),
      await p.situationAction.findMany(),
      await p.securisationClaim.findMany(),
      await p.treasuryAdvance.findMany(),
      await p.advanceMovement.findMany(),
      await p.reminderSnooze.findMany(),
      await p.referenceCounter.findMany(),
    ]);
  }

  it("refuses every form in every text option of every command, storing and posting nothing", async () => {
    expect(PERSONAL_DATA_FORMS.length).toBeGreaterThanOrEqual(20);
    expect(textOptions.length).toBeGreaterThan(15);
    const before = await snapshot();
    const auditsBefore = await app.database.prisma.auditEvent.count();
    const posted = port.posts.length;
    for (const { path, option } of textOptions)
      for (const form of PERSONAL_DATA_FORMS) {
        const line = `/${path} ${option}:"${form}"`;
        const reply = await run(app, member, line, port);
        const text = cardText(reply);
        expect(reply.tone, line).toBe("error");
        expect(reply.visibility ?? "private", line).not.toBe("channel");
        expect(text, line).toContain(`« ${option} »`);
        expect(text, line).not.toContain(form);
      }
    expect(await snapshot()).toEqual(before);
    expect(port.posts.length).toBe(posted);
    const audits = await app.database.prisma.auditEvent.findMany({ skip: auditsBefore, orderBy: { createdAt: "asc" } });
    expect(audits).toHaveLength(textOptions.length * PERSONAL_DATA_FORMS.length);
    const trail = JSON.stringify(audits);
    for (const form of PERSONAL_DATA_FORMS) expect(trail).not.toContain(form);
    expect(audits.every((a) => a.outcome === "refused")).toBe(true);
    expect(JSON.stringify(audits[0]?.details)).toMatch(/personal_data:/);
  });

  it("keeps ordinary work text intact: amounts, recent dates, dossiers, emoji, quotes and accents", async () => {
    const phrases = [
      "Impayés depuis 3 mois, FSL demandé le 12/03/2026, réponse attendue.",
      "Dette de 1 234,50 € ; plan d'apurement de 12 mois proposé.",
      "Dossier FSL 2025-0042 accordé à 80 %, versement attendu.",
      "Finistère Habitat propose un T3 de 62 m², loyer 1 200 €.",
      "Bail signé le 03/10/2026 pour 3 ans, état des lieux fait.",
      "Troubles de voisinage signalés par le bailleur, visite prévue.",
      "Situation stable ✅, loyer payé « régulièrement » depuis 2025.",
      "Commission du 4 décembre 2026 à 14h30 : dossier à présenter.",
      "Quimper Bretagne Habitat relancé ; ALT 6 mois en cours.",
      "Énergie : facture de 312 € réglée, chèque énergie demandé.",
      "Ménage accompagné par l’ASLL, rendez-vous “budget” tenu.",
    ];
    for (const phrase of phrases) {
      const reply = await run(
        app,
        member,
        `/situation ajouter nouveau "Finistère Habitat" impayes normale ${phrase}`,
        port,
      );
      expect(reply.tone, phrase).toBe("success");
    }
    const stored = (await app.database.prisma.situation.findMany()).map((s) => s.summary);
    for (const phrase of phrases) expect(stored).toContain(phrase);
  });
});
