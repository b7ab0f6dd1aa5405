import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET, startDiscordBot, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";

/** A dispositif named to notify a whole workspace or server, as a careless admin might type it. */
const LOUD_NAME = "Sortie <!here> <!channel> <@U024BE7LH> <@&1001> @everyone";

const counts = async (app: App) => ({
  candidatures: await app.database.prisma.candidature.count(),
  households: await app.database.prisma.household.count(),
  dispositifs: await app.database.prisma.dispositif.count(),
});

describe("Slack: screened texts and inert mentions through the real Bolt app", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  async function command(user: string, line: string): Promise<string> {
    const [name = "", ...rest] = line.split(" ");
    const url = `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;
    await postToBot(bot, SLACK_SECRET, slashCommand({ command: name, text: rest.join(" "), user, responseUrl: url }));
    return JSON.stringify((await eventually(() => slack.responses.find((r) => url.endsWith(r.path)))).body);
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = { UADMIN: { is_admin: true, locale: "fr-FR" }, UCCAS: { locale: "fr-FR" } };
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
    const admin = identity({ platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" });
    for (const line of ["/config quota dalo 2026 3", "/config role user:UCCAS ccas", "/config canal siao C-SIAO"])
      await run(app, admin, line);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("refuses personal data typed in a slash command, storing and posting nothing", async () => {
    const before = await counts(app);
    const posts = slack.callsTo("chat.postMessage").length;
    const reply = await command(
      "UCCAS",
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Joindre Mme Benali au 06 12 34 56 78",
    );
    expect(reply).toContain("« note »");
    expect(reply).not.toContain("06 12");
    expect(reply).not.toContain("Benali");
    expect(await counts(app)).toEqual(before);
    expect(slack.callsTo("chat.postMessage").length).toBe(posts);
  });

  it("keeps a dispositif's name inert in the channel card's blocks and top-level text, and in a file's comment", async () => {
    // Slack sends what a member typed with &, < and > escaped; the bot reads it back as typed.
    const escaped = LOUD_NAME.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    expect(await command("UADMIN", `/config dispositif sds ${escaped}`)).toContain("sds");
    expect((await app.database.prisma.dispositif.findFirstOrThrow({ where: { code: "sds" } })).name).toBe(LOUD_NAME);
    await command("UADMIN", "/config quota sds 2026 2");
    await command("UCCAS", "/candidature deposer nouveau sds famille chrs minima_sociaux oui personne_seule Prête.");
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C-SIAO"));
    const card = JSON.stringify(post.args);
    expect(card).toContain("Sortie &lt;!here&gt;");
    expect(card).not.toMatch(/<[!@#]|@everyone/);
    await command("UCCAS", "/rapport activite 2026 sds");
    const posted = await eventually(() =>
      slack
        .callsTo("files.completeUploadExternal")
        .find((c) => String(c.args.initial_comment ?? "").includes("Sortie")),
    );
    expect(String(posted.args.initial_comment)).not.toMatch(/<[!@#]|@everyone/);
    for (const call of slack.calls.filter((c) => c.method.startsWith("chat.") || c.method.startsWith("files.")))
      expect(JSON.stringify(call.args), call.method).not.toMatch(/<!(here|channel|everyone)|<@U024BE7LH>/);
  });
});

describe("Discord: screened texts and inert mentions through the real discord.js client", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;
  const ccas = { user: "UCCAS", roles: ["1001"] };
  const option = (name: string, value: unknown, type = 3) => ({ name, type, value });

  beforeAll(async () => {
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    adapter = await startDiscordBot(app, discord.url);
    const admin = identity({ platform: "discord", territoryExternalId: "G1", userExternalId: "UADMIN" });
    for (const line of [
      `/config dispositif sds "${LOUD_NAME}"`,
      "/config quota sds 2026 2",
      "/config role <@&1001> ccas",
      "/config canal siao C-SIAO",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  const deposer = (composition: string) => ({
    id: "c1",
    name: "candidature",
    type: 1,
    options: [
      {
        type: 1,
        name: "deposer",
        options: [
          option("menage", "nouveau"),
          option("dispositif", "sds"),
          option("public", "famille"),
          option("hebergement", "chrs"),
          option("ressources", "minima_sociaux"),
          option("budget", true, 5),
          option("composition", composition),
        ],
      },
    ],
  });

  /** Opens the form for the note, then submits it; returns the reply's body. */
  async function submit(composition: string, note: string): Promise<string> {
    const opened = discord.interact(2, deposer(composition), ccas);
    const modal = await eventually(() => discord.callbackFor(opened));
    const formId = (modal.body as { data: { custom_id: string } }).data.custom_id;
    const id = discord.interact(
      5,
      { custom_id: formId, components: [{ type: 1, components: [{ type: 4, custom_id: "note", value: note }] }] },
      ccas,
    );
    return JSON.stringify((await eventually(() => discord.callbackFor(id))).body);
  }

  it("refuses personal data typed in a modal, storing and posting nothing", async () => {
    const before = await counts(app);
    const reply = await submit("personne_seule", "Écrire à fatima (at) gmail.com");
    expect(reply).toContain("« note »");
    expect(reply).not.toContain("fatima");
    expect(await counts(app)).toEqual(before);
    expect(discord.calls.some((c) => c.path === "/channels/C-SIAO/messages")).toBe(false);
  });

  it("posts the card with member text inert and nobody allowed to be notified", async () => {
    expect(await submit("personne_seule", "Prête <@123456789012345678>, voir <#C-GEN> et </aide:1>.")).toContain(
      "déposée",
    );
    const post = await eventually(() =>
      discord.calls.find((c) => c.method === "POST" && c.path === "/channels/C-SIAO/messages"),
    );
    const body = post.body as { embeds: unknown; allowed_mentions?: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(JSON.stringify(body.embeds)).toContain("Sortie");
    expect(JSON.stringify(body.embeds)).not.toMatch(/<[@#/]|@everyone/);
    for (const call of discord.calls.filter((c) => c.method !== "GET" && c.body && typeof c.body === "object")) {
      const sent = call.body as { data?: { allowed_mentions?: unknown }; allowed_mentions?: unknown; embeds?: unknown };
      if (sent.embeds) expect(sent.allowed_mentions, call.path).toEqual({ parse: [], users: [] });
      if (sent.data && "embeds" in sent.data)
        expect(sent.data.allowed_mentions, call.path).toEqual({ parse: [], users: [] });
    }
  });
});
