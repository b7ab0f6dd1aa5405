import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { Translate } from "../../src/core/i18n.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { startDiscordBot } from "../support/bots.ts";
import { discordReminderPort } from "../../src/platforms/discord/discord-port.ts";
import type { DeliveryOptions } from "../../src/reminders/delivery.ts";
import { identity, run, testApp } from "../support/app.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { doubles, parisEight, schedulerFor } from "../support/reminders.ts";

const admin = identity({ platform: "discord", territoryExternalId: "G1", userExternalId: "UADMIN" });
const staff = identity({
  platform: "discord",
  territoryExternalId: "G1",
  userExternalId: "UFIN",
  platformAdmin: false,
});
const killed = () => {
  throw new Error("process killed");
};

describe("outbox on the real discord.js client: nonce, 500 after posting, kills, unreadable history", () => {
  const discord = new FakeDiscord();
  const clock = fixedClock(new Date("2026-11-02T06:00:00Z"));
  discord.now = () => clock.now().getTime();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;

  const scheduler = (extra: Partial<DeliveryOptions> = {}) =>
    schedulerFor(
      app,
      app.database,
      clock,
      { discord: (t: Translate) => discordReminderPort(adapter.client, t) },
      extra,
    );
  const at = (day: string, minutes = 0) => clock.set(new Date(parisEight(day).getTime() + minutes * 60_000));
  const nonces = () => discord.messagesIn("C-FIN").map((m) => String(m.nonce));
  const creates = () => discord.calls.filter((c) => c.method === "POST" && c.path === "/channels/C-FIN/messages");

  beforeAll(async () => {
    discord.guild.channels.push("C-FIN");
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, clock);
    adapter = await startDiscordBot(app, discord.url);
    for (const line of ["/config role user:UFIN finance", "/config canal finance C-FIN"])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    expect((await run(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-11-05')).tone).toBe("success");
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  it("sends the outbox key as nonce with enforce_nonce: Discord drops the create discord.js repeats after a 500", async () => {
    discord.failPosts("C-FIN", 1, true);
    at("2026-11-06");
    await scheduler().tick();
    expect(creates()).toHaveLength(2);
    expect(creates().map((c) => c.body)).toMatchObject([{ enforce_nonce: true }, { enforce_nonce: true }]);
    expect(discord.messagesIn("C-FIN")).toHaveLength(1);
    const row = await app.database.prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ state: "sent", messageId: discord.messagesIn("C-FIN")[0]?.id });
    expect(nonces()).toEqual([row.key]);
  });

  it("after a kill between posting and marking, finds the message in the history instead of posting again", async () => {
    at("2026-11-09");
    await scheduler({ faults: { afterSend: killed } }).tick();
    for (let i = 0; i < 150; i++) discord.addMessage("C-FIN", `message ${i}`);
    at("2026-11-09", 5);
    await scheduler().tick();
    expect(await app.database.prisma.outboxMessage.count({ where: { state: { not: "sent" } } })).toBe(0);
    expect(doubles(nonces().filter((n) => n !== "undefined"))).toEqual([]);
    expect(discord.messagesIn("C-FIN").filter((m) => m.nonce !== undefined)).toHaveLength(2);
  });

  it("leaves as uncertain a post whose outcome is unknown when the history cannot be read", async () => {
    discord.failPosts("C-FIN", 10, true);
    discord.hideHistory("C-FIN");
    at("2026-11-10");
    await scheduler().tick();
    at("2026-11-10", 10);
    await scheduler().tick();
    const row = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { state: "uncertain" } });
    expect(row.lastError).toContain("50001");
    expect(discord.messagesIn("C-FIN").filter((m) => m.nonce === row.key)).toHaveLength(1);
    discord.hideHistory("C-FIN", false);
    discord.failPosts("C-FIN", 0, false);
  }, 30_000);
});
