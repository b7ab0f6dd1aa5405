import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { testApp } from "../support/app.ts";
import { startDiscordBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually } from "../support/fake-slack.ts";

describe("Discord answers delivered when the interaction reply keeps failing", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;

  beforeAll(async () => {
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    adapter = await startDiscordBot(app, discord.url);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  it("answers in a direct message, once, when Discord answers 500 to the reply and its retries", async () => {
    // discord.js tries a 5xx four times (once and three retries): all four fail.
    discord.failCalls("/interactions/", 4);
    const id = discord.interact(2, { id: "c1", name: "aide", type: 1, options: [] }, { user: "UHELP" });
    const dm = await eventually(() => discord.messagesIn("DM-UHELP")[0], 15_000);
    expect(JSON.stringify(dm.embeds)).toContain("Commandes disponibles");
    expect(discord.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`)).length).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.messagesIn("DM-UHELP")).toHaveLength(1);
  }, 20_000);
});
