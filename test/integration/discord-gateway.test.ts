import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { testApp } from "../support/app.ts";
import { setUp, startDiscordBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually } from "../support/fake-slack.ts";

/**
 * The real discord.js client when its gateway connection drops: it resumes the session (no new
 * IDENTIFY), and the events Discord sent meanwhile are replayed and handled once.
 */
describe("Discord gateway: resume after a dropped connection", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;
  const ccas = { user: "UCCAS", roles: ["1001"] };
  const mesures = { id: "c1", name: "mesures", type: 1, options: [] };

  beforeAll(async () => {
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    adapter = await startDiscordBot(app, discord.url);
    await setUp(app, { platform: "discord", territoryExternalId: "G1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 2",
      "/config role <@&1001> ccas",
    ]);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  it("resumes the session and answers, once, the interaction sent while it was down", async () => {
    const before = discord.interact(2, mesures, ccas);
    await eventually(() => discord.callbackFor(before));
    expect(discord.gatewayLog).toEqual(["identify"]);

    discord.dropConnection();
    const during = discord.interact(2, mesures, ccas);
    const answer = await eventually(() => discord.callbackFor(during), 10_000);
    expect(JSON.stringify(answer.body)).toContain("approuvées");
    expect(discord.gatewayLog).toEqual(["identify", "resume"]);

    const after = discord.interact(2, mesures, ccas);
    await eventually(() => discord.callbackFor(after));
    await new Promise((r) => setTimeout(r, 300));
    for (const id of [before, during, after])
      expect(discord.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`))).toHaveLength(1);
    expect(discord.rejected).toEqual([]);
  }, 20_000);
});
