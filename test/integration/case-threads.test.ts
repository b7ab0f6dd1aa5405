import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { discordPort } from "../../src/platforms/discord/discord-port.ts";
import { identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET, setUp, startDiscordBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";
import { slackSiaoBot, validateCandidature } from "../support/slack-siao.ts";

const text = (value: unknown) => JSON.stringify(value ?? null);
const DEPOSER = "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Prête à sortir.";

/** A case's card is the root of its thread: updated in place, later events told beneath it. */
describe("a thread per case", () => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe("on Discord: threads started from the card's message", () => {
    const discord = new FakeDiscord();
    let adapter: DiscordAdapter;
    const comite = { user: "UCOMITE", roles: ["1001"] };
    const member = { platform: "discord" as const, territoryExternalId: "G1" };

    beforeAll(async () => {
      await discord.start();
      adapter = await startDiscordBot(app, discord.url);
      await setUp(app, { ...member, userExternalId: "UADMIN" }, [
        "/config dispositif dalo DALO",
        "/config quota dalo 2026 2",
        "/config role <@&1001> ccas",
        "/config role <@&1001> comite",
        "/config role <@&1002> siao",
        "/config canal siao C-SIAO",
        "/config canal comite C-GEN",
        '/config bailleur ajouter "Bailleur Fictif" public',
        "/config canal finance C-FIN",
        "/config role <@&1001> finance",
      ]);
    });

    afterAll(async () => {
      await adapter?.stop();
      await discord.stop();
    });

    it("tells a candidature's decision in its thread and updates its card", async () => {
      const port = discordPort(adapter.client, app.i18n.translator("fr"), pino({ level: "silent" }));
      const ccas = identity({ ...member, userExternalId: "UCCAS", platformAdmin: false, groupIds: ["1001"] });
      expect((await run(app, ccas, DEPOSER, port)).tone).toBe("success");
      const root = (await app.database.prisma.candidature.findFirstOrThrow()).messageId;
      expect(root).toMatch(/^\d+$/);
      discord.button("b|candidature.decider|ref=C-2026-001&decision=validee|", {
        user: "USIAO",
        roles: ["1002"],
        channel: "C-SIAO",
      });
      const reply = await eventually(() =>
        discord.calls.find((c) => c.method === "POST" && c.path === `/channels/${root}/messages`),
      );
      expect(text(reply.body)).toContain("C-2026-001 : validée par usiao");
      expect(discord.calls.some((c) => c.method === "PATCH" && c.path === `/channels/C-SIAO/messages/${root}`)).toBe(
        true,
      );
      expect(discord.threads.has(root ?? "")).toBe(true);
      expect(discord.rejected).toEqual([]);
      // Opening the mesure is told in the same thread, and the card is re-rendered.
      expect((await run(app, ccas, '/mesure ouvrir C-2026-001 02/03/2026 "Bailleur Fictif" public', port)).tone).toBe(
        "success",
      );
      const replies = () => discord.calls.filter((c) => c.method === "POST" && c.path === `/channels/${root}/messages`);
      await eventually(() => replies().length === 2);
      expect(text(replies()[1]?.body)).toContain(
        "C-2026-001 : mesure IML-2026-001 ouverte, entrée dans le logement le",
      );
      const edits = discord.calls.filter((c) => c.method === "PATCH" && c.path === `/channels/C-SIAO/messages/${root}`);
      expect(edits).toHaveLength(2);
      expect(discord.rejected.map((r) => r.problems)).toEqual([["thread exists"]]);
    });

    it("keeps a situation's later events in the one thread, their texts out of the channel", async () => {
      const sub = (name: string, options: { name: string; type: number; value: unknown }[]) => [
        { type: 1, name, options },
      ];
      const port = discordPort(adapter.client, app.i18n.translator("fr"), pino({ level: "silent" }));
      const who = identity({ ...member, userExternalId: "UCOMITE", platformAdmin: false, groupIds: ["1001"] });
      await run(
        app,
        who,
        '/situation ajouter nouveau "Bailleur Fictif" impayes haute Impayés depuis trois mois.',
        port,
      );
      const root = (await app.database.prisma.situation.findFirstOrThrow()).messageId ?? "";
      discord.interact(
        2,
        {
          id: "c1",
          name: "situation",
          type: 1,
          options: sub("decision", [
            { name: "ref", type: 3, value: "S-2026-001" },
            { name: "texte", type: 3, value: "Saisine du FSL par le CCAS." },
          ]),
        },
        comite,
      );
      await eventually(() => discord.calls.filter((c) => c.path === `/channels/${root}/messages`).length === 1);
      discord.interact(
        2,
        {
          id: "c2",
          name: "situation",
          type: 1,
          options: sub("action", [
            { name: "ref", type: 3, value: "S-2026-001" },
            { name: "texte", type: 3, value: "Monter le dossier FSL." },
            { name: "responsable", type: 3, value: "UCOMITE" },
            { name: "echeance", type: 3, value: "2026-03-20" },
          ]),
        },
        comite,
      );
      await eventually(() => discord.calls.filter((c) => c.path === `/channels/${root}/messages`).length === 2);
      const replies = discord.calls.filter((c) => c.path === `/channels/${root}/messages`).map((c) => text(c.body));
      expect(replies[0]).toContain("S-2026-001 : décision n° 1 du comité");
      expect(replies[1]).toContain("S-2026-001 : action A-1 confiée à");
      for (const reply of replies) expect(reply).not.toMatch(/FSL|Impayés/);
      // The second event found the thread started by the first: Discord's refusal is expected.
      expect(discord.rejected.map((r) => r.problems)).toEqual([["thread exists"], ["thread exists"]]);
    });

    it("follows a claim from submission to payment in its thread, states and amounts only", async () => {
      const port = discordPort(adapter.client, app.i18n.translator("fr"), pino({ level: "silent" }));
      const finance = identity({ ...member, userExternalId: "UFIN", platformAdmin: false, groupIds: ["1001"] });
      for (const line of [
        "/securisation declarer vacance 1200 logement:L-12 du:2026-01-01 au:2026-02-15 loyer:450",
        "/securisation instruire SEC-2026-001",
        "/securisation accepter SEC-2026-001 1000",
        "/securisation payer SEC-2026-001 1000 VIR-2026-17 2026-03-02",
      ]) {
        const reply = await run(app, finance, line, port);
        expect(reply.title, `${line}: ${reply.lines?.join(" ")}`).not.toBe(
          app.i18n.translator("fr")("common:error_title"),
        );
      }
      const root = (await app.database.prisma.securisationClaim.findFirstOrThrow()).messageId ?? "";
      const posted = discord.calls.find((c) => c.method === "POST" && c.path === "/channels/C-FIN/messages");
      expect(text(posted?.body)).toContain("SEC-2026-001");
      expect(text(posted?.body)).not.toContain("L-12");
      const replies = discord.calls.filter((c) => c.path === `/channels/${root}/messages`).map((c) => text(c.body));
      expect(replies).toHaveLength(3);
      expect(replies[0]).toContain("SEC-2026-001 : en instruction");
      expect(replies[2]).toMatch(/SEC-2026-001 : payée · 1\s000,00\s€ · 2 mars 2026/);
      expect(replies.join(" ")).not.toContain("VIR-2026-17");
    });
  });

  describe("on Slack: replies with the card's thread_ts", () => {
    const slack = new FakeSlack();
    const bot = slackSiaoBot(() => app, slack, ["/config quota dalo 2026 2"]);

    it("posts the decision under the candidature's card and updates the card", async () => {
      const [command = "", ...words] = DEPOSER.split(" ");
      await postToBot(
        bot.url,
        SLACK_SECRET,
        slashCommand({ command, text: words.join(" "), user: "UCCAS", responseUrl: `${slack.url}/respond/d` }),
      );
      const card = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C-SIAO"));
      // The card's ts, once the bot has attached it to the record.
      let ts: string | null | undefined;
      for (let i = 0; i < 100 && !ts; i++) {
        const where = { channelId: "C-SIAO", territory: { platform: "slack" as const } };
        ts = (await app.database.prisma.candidature.findFirst({ where }))?.messageId;
        if (!ts) await new Promise((r) => setTimeout(r, 20));
      }
      expect(ts).toMatch(/^\d+\.\d+$/);
      await validateCandidature(bot.url, slack, "C-2026-001", { trigger: "trigger-thread", respondPath: "/respond/t" });
      const reply = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts));
      expect(reply.args.channel).toBe("C-SIAO");
      expect(text(reply.args.blocks)).toContain("C-2026-001 : validée");
      const update = await eventually(() => slack.callsTo("chat.update").find((c) => c.args.ts === ts));
      expect(text(update.args.blocks)).toContain("validée");
      expect(card.args.thread_ts).toBeUndefined();
    });
  });
});
