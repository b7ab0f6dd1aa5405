import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { applicationCommands } from "../../src/platforms/discord/registration.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET, setUp, startSlackBot } from "../support/bots.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { eventually, FakeSlack, postToBot } from "../support/fake-slack.ts";

const who = (user: string) =>
  identity({ platform: "slack", territoryExternalId: "T1", userExternalId: user, platformAdmin: false });

describeEachDatabase("a home for each member: /moi and the App Home tab", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  beforeAll(async () => {
    await slack.start();
    slack.users = { UCCAS: { locale: "fr-FR" }, USIAO: { locale: "fr-FR" } };
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
    await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 5",
      "/config role user:UCCAS ccas",
      "/config role user:USIAO siao",
      "/config role user:UCOMITE comite",
      "/config role user:UFIN finance",
      '/config bailleur ajouter "Bailleur Fictif" public',
    ]);
    const steps: [string, string][] = [
      ["UCCAS", "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Prête à sortir."],
      ["USIAO", "/candidature decider C-2026-001 validee"],
      ["UCCAS", '/mesure ouvrir C-2026-001 02/03/2026 "Bailleur Fictif" public'],
      ["UCOMITE", '/situation ajouter M-2026-001 "Bailleur Fictif" impayes haute Impayés depuis trois mois.'],
      ["UCOMITE", '/situation action S-2026-001 "Saisir le FSL" user:UCCAS 2026-03-20'],
      ["UCOMITE", '/situation action S-2026-001 "Relancer le bailleur" user:UCOMITE 2026-03-20'],
      ["UCCAS", "/securisation declarer vacance 1200 logement:L-12 du:2026-01-01 au:2026-02-15 loyer:450"],
      ["UFIN", '/securisation incomplete SEC-2026-001 "Bail signé manquant"'],
    ];
    for (const [user, line] of steps) {
      const card = await run(app, who(user), line);
      expect(card.title, `${line}: ${card.lines?.join(" ")}`).not.toBe(app.i18n.translator("fr")("common:error_title"));
    }
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("lists what waits on a member, late items marked, and only theirs", async () => {
    clock.set(new Date("2026-05-10T09:00:00Z"));
    const mine = cardText(await run(app, who("UCCAS"), "/moi"));
    expect(mine).toMatch(/en retard · \d+ mai 2026 · point de suivi · IML-2026-001/);
    expect(mine).toMatch(/en retard · 20 mars 2026 · A-1 · S-2026-001/);
    expect(mine).not.toContain("A-2");
    expect(mine).toMatch(/SEC-2026-001 · incomplète/i);
    const finance = cardText(await run(app, who("UFIN"), "/moi"));
    expect(finance).not.toContain("SEC-2026-001");
    const nobody = cardText(await run(app, who("USIAO"), "/moi"));
    expect(nobody).toContain("Rien ne vous attend dans les 30 prochains jours.");
  });

  it("publishes the same list in the App Home tab each time it is opened", async () => {
    const event = (id: string) =>
      JSON.stringify({
        type: "event_callback",
        team_id: "T1",
        api_app_id: "A1",
        event: { type: "app_home_opened", user: "UCCAS", channel: "D-UCCAS", tab: "home", event_ts: "1.0" },
        event_id: id,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: "T1", is_enterprise_install: false, is_bot: true }],
      });
    expect((await postToBot(bot, SLACK_SECRET, event("Ev1"), { contentType: "application/json" })).status).toBe(200);
    const published = await eventually(() => slack.callsTo("views.publish")[0]);
    expect(published.args.user_id).toBe("UCCAS");
    const view = (typeof published.args.view === "string" ? JSON.parse(published.args.view) : published.args.view) as {
      type: string;
      blocks: unknown[];
    };
    expect(view.type).toBe("home");
    expect(JSON.stringify(view.blocks)).toContain("A-1 · S-2026-001");
    await run(app, who("UCCAS"), "/action fait 1");
    await postToBot(bot, SLACK_SECRET, event("Ev2"), { contentType: "application/json" });
    const refreshed = await eventually(() => slack.callsTo("views.publish")[1]);
    expect(JSON.stringify(refreshed.args.view)).not.toContain("A-1 · S-2026-001");
  });

  it("is /moi on Discord too, in the member's language", () => {
    const moi = applicationCommands(app.registry, app.i18n).find((c) => c.name === "moi");
    expect(moi?.name_localizations["en-US"]).toBe("me");
  });
});
