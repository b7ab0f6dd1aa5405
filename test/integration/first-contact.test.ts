import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { identity, testApp } from "../support/app.ts";
import { SLACK_SECRET, startSlackBot } from "../support/bots.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";

const MEMBERS = 50;

describeEachDatabase("first contact: fifty members writing at once", (provider) => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  beforeAll(async () => {
    await slack.start();
    db = await freshDatabase(provider);
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("answers all fifty through Slack, with one territory and one member each", async () => {
    const urls = Array.from({ length: MEMBERS }, (_, i) => `${slack.url}/respond/first-${i}`);
    const statuses = await Promise.all(
      urls.map((responseUrl, i) =>
        postToBot(
          bot,
          SLACK_SECRET,
          slashCommand({ command: "/aide", text: "", user: `UNEW${i}`, team: "T-NEW", responseUrl }),
        ),
      ),
    );
    expect(statuses.map((s) => s.status)).toEqual(urls.map(() => 200));
    await eventually(() => slack.responses.length >= MEMBERS, 20_000);
    expect(new Set(slack.responses.map((r) => r.path)).size).toBe(MEMBERS);
    expect(JSON.stringify(slack.responses.map((r) => r.body))).not.toMatch(/inattendue|unexpected/i);
    const territory = await app.database.prisma.territory.findMany({ where: { externalId: "T-NEW" } });
    expect(territory).toHaveLength(1);
    expect(await app.database.prisma.member.count({ where: { territoryId: territory[0]?.id } })).toBe(MEMBERS);
    expect(await app.database.prisma.auditEvent.count({ where: { action: "territory.created" } })).toBe(1);
  }, 30_000);

  it("asks users.info again after it kept failing, instead of keeping 'no role' for five minutes", async () => {
    slack.users = { UBOSS: { is_admin: true, locale: "fr-FR" } };
    slack.fail("users.info", () => ({ status: 500, body: { ok: false, error: "internal_error" } }));
    const ask = async (name: string) => {
      const responseUrl = `${slack.url}/respond/${name}`;
      const body = slashCommand({ command: "/config", text: "voir", user: "UBOSS", team: "T-NEW", responseUrl });
      expect((await postToBot(bot, SLACK_SECRET, body)).status).toBe(200);
      return JSON.stringify((await eventually(() => slack.responses.find((r) => r.path.endsWith(name)), 15_000)).body);
    };
    const calls = slack.callsTo("users.info").length;
    expect(await ask("boss-1")).toContain("pas le rôle nécessaire");
    expect(slack.callsTo("users.info").length - calls).toBe(3); // the first try and two retries
    slack.clear("users.info");
    expect(await ask("boss-2")).toContain("Configuration du territoire");
  }, 30_000);

  it("resolves fifty first contacts of one new territory at once in the service", async () => {
    const resolved = await Promise.all(
      Array.from({ length: MEMBERS }, (_, i) =>
        app.services.identity.resolve(
          identity({ territoryExternalId: "T-SVC", userExternalId: `U${i % 25}`, platformAdmin: false }),
        ),
      ),
    );
    expect(new Set(resolved.map((r) => r.territory.id)).size).toBe(1);
    expect(new Set(resolved.map((r) => r.member.id)).size).toBe(25);
    expect(await app.database.prisma.member.count({ where: { territory: { externalId: "T-SVC" } } })).toBe(25);
  });
});
