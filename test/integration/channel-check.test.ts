import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { testApp } from "../support/app.ts";
import { SLACK_SECRET, startDiscordBot, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { ADMINISTRATOR, FakeDiscord } from "../support/fake-discord.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";

const bindings = async (app: App) =>
  (await app.database.prisma.channelBinding.findMany({ select: { purpose: true, channelId: true } })).sort((a, b) =>
    a.channelId.localeCompare(b.channelId),
  );

describe("/config canal on Slack: the channel is one the bot can see", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  async function command(line: string): Promise<string> {
    const [name = "", ...rest] = line.split(" ");
    const url = `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;
    await postToBot(
      bot,
      SLACK_SECRET,
      slashCommand({ command: name, text: rest.join(" "), user: "UADMIN", responseUrl: url }),
    );
    return JSON.stringify((await eventually(() => slack.responses.find((r) => url.endsWith(r.path)))).body);
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = { UADMIN: { is_admin: true, locale: "fr-FR" } };
    slack.hiddenChannels.add("CPRIVATE1");
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("refuses a channel Slack does not show the bot, writing nothing", async () => {
    const reply = await command("/config canal siao CPRIVATE1");
    expect(reply).toContain("Canal inconnu : « CPRIVATE1 »");
    expect(reply).toContain("que le bot peut voir");
    expect(slack.callsTo("conversations.info").map((c) => c.args.channel)).toEqual(["CPRIVATE1"]);
    expect(await bindings(app)).toEqual([]);
  });

  it("says it could not check when Slack does not answer, writing nothing", async () => {
    slack.fail("conversations.info", () => ({ body: { ok: false, error: "internal_error" } }));
    try {
      expect(await command("/config canal siao CSIAO1")).toContain("Impossible de vérifier le canal « CSIAO1 »");
    } finally {
      slack.clear("conversations.info");
    }
    expect(await bindings(app)).toEqual([]);
  });

  it("binds a channel Slack knows, typed as an id or as a channel link", async () => {
    expect(await command("/config canal siao CSIAO1")).toContain("CSIAO1");
    expect(await command("/config canal comite <#CCOMITE1|comite>")).toContain("CCOMITE1");
    expect(await bindings(app)).toEqual([
      { purpose: "comite", channelId: "CCOMITE1" },
      { purpose: "siao", channelId: "CSIAO1" },
    ]);
  });
});

describe("/config canal on Discord: the channel is a text channel of this server", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;

  /** Runs /config canal as the server's administrator; returns the reply's body. */
  async function canal(usage: string, channel: string): Promise<string> {
    const id = discord.interact(
      2,
      {
        id: "c-config",
        name: "config",
        type: 1,
        options: [
          {
            type: 1,
            name: "canal",
            options: [
              { name: "usage", type: 3, value: usage },
              { name: "canal", type: 3, value: channel },
            ],
          },
        ],
      },
      { user: "UADMIN", permissions: ADMINISTRATOR },
    );
    return JSON.stringify((await eventually(() => discord.callbackFor(id))).body);
  }

  beforeAll(async () => {
    await discord.start();
    discord.missingChannels.add("C-GONE");
    discord.foreignChannels.add("C-OTHER-SERVER");
    discord.voiceChannels.add("C-VOICE");
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

  it("refuses a channel Discord does not know, one of another server, and a voice channel, writing nothing", async () => {
    for (const channel of ["C-GONE", "C-OTHER-SERVER", "C-VOICE"]) {
      const reply = await canal("siao", channel);
      expect(reply, channel).toContain(`Canal inconnu : « ${channel} »`);
    }
    expect(await bindings(app)).toEqual([]);
  });

  it("binds a text channel of the server, from the gateway's cache or asked over REST", async () => {
    const fetched = () => discord.calls.filter((c) => c.method === "GET" && c.path === "/channels/CFIN").length;
    expect(await canal("siao", "C-SIAO")).toContain("C-SIAO");
    // C-SIAO came with the server at login: no request. CFIN is asked for.
    expect(discord.calls.some((c) => c.method === "GET" && c.path === "/channels/C-SIAO")).toBe(false);
    expect(await canal("finance", "<#CFIN>")).toContain("CFIN");
    expect(fetched()).toBe(1);
    expect(await bindings(app)).toEqual([
      { purpose: "siao", channelId: "C-SIAO" },
      { purpose: "finance", channelId: "CFIN" },
    ]);
  });
});
