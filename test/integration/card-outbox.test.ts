import { WebClient } from "@slack/web-api";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { card } from "../../src/core/card.ts";
import { UserError } from "../../src/core/errors.ts";
import { inTransaction } from "../../src/db/repositories/index.ts";
import { announce } from "../../src/services/announce.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { Translate } from "../../src/core/i18n.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { discordPort, discordReminderPort } from "../../src/platforms/discord/discord-port.ts";
import { postingClient, slackPort, slackReminderPort } from "../../src/platforms/slack/slack-port.ts";
import { CardPublisher } from "../../src/reminders/card-publisher.ts";
import { OutboxSender } from "../../src/reminders/outbox-sender.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET, setUp, startDiscordBot } from "../support/bots.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";
import { schedulerFor } from "../support/reminders.ts";
import { slackSiaoBot, validateCandidature } from "../support/slack-siao.ts";

const DEPOSER = "nouveau dalo famille chrs minima_sociaux oui personne_seule Prête à sortir.";
const text = (value: unknown) => JSON.stringify(value ?? null);
const logger = pino({ level: "silent" });
const slackError = { deliver: true, status: 500, body: { ok: false, error: "internal_error" } };

/** Waits until an outbox row of a thread is there (the reply runs after the click's ack). */
async function threadRow(app: App, root: string, state?: string) {
  for (let i = 0; i < 500; i++) {
    const row = await app.database.prisma.outboxMessage.findFirst({ where: { threadOf: root } });
    if (row && (!state || row.state === state)) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no outbox row for the thread of ${root}${state ? ` in state ${state}` : ""}`);
}

/**
 * Cards a command publishes (the candidature for the SIAO) go through the outbox: a 500 after
 * posting, a double submission or a crash between the post and its marking leave one card in the
 * channel, linked to its record, whose buttons still work.
 */
describeEachDatabase("cards published through the outbox", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  /** A kill right after the next post, before it is marked sent. */
  let killAfterNextPost = false;
  /** A kill right after the next change committed, before its card's inline post. */
  let killBeforeNextPost = false;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(
      db.url,
      clock,
      {},
      {
        faults: {
          afterCommit: () => {
            if (!killBeforeNextPost) return;
            killBeforeNextPost = false;
            throw new Error("process killed");
          },
          afterSend: () => {
            if (!killAfterNextPost) return;
            killAfterNextPost = false;
            throw new Error("process killed");
          },
        },
      },
    );
  });

  // A kill planned by a test that failed before it must not hit the next test's post.
  afterEach(() => {
    killBeforeNextPost = false;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe("on Slack", () => {
    const slack = new FakeSlack();
    slack.now = () => clock.now().getTime();
    const bot = slackSiaoBot(() => app, slack);
    let answers = 0;
    const siao = () => slack.messagesIn("C-SIAO");
    const candidature = (reference: string) =>
      app.database.prisma.candidature.findFirstOrThrow({ where: { reference, territory: { platform: "slack" } } });

    /** Deposits a candidature by slash command; resolves with the member's answer. */
    async function deposit(): Promise<string> {
      const path = `/respond/deposer-${++answers}`;
      await postToBot(
        bot.url,
        SLACK_SECRET,
        slashCommand({
          command: "/candidature",
          text: `deposer ${DEPOSER}`,
          user: "UCCAS",
          responseUrl: slack.url + path,
        }),
      );
      return text((await eventually(() => slack.responses.find((r) => r.path === path), 10_000)).body);
    }

    const decide = (reference: string, n: number) =>
      validateCandidature(bot.url, slack, reference, {
        trigger: `trigger-decide-${n}`,
        respondPath: `/respond/decide-${n}`,
      });

    /** The port a command run from Slack posts through. */
    const commandPort = () =>
      slackPort(
        new WebClient("xoxb-test", { slackApiUrl: `${slack.url}/api/` }),
        postingClient(`${slack.url}/api/`, logger),
        app.i18n.translator("fr"),
        logger,
      );

    const scheduler = () =>
      schedulerFor(app, app.database, clock, {
        slack: (t: Translate) =>
          slackReminderPort(
            new WebClient("xoxb-test", { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 } }),
            postingClient(`${slack.url}/api/`, logger),
            t,
          ),
      });

    it("finds the card Slack answered 500 to after posting it: one card, linked, its buttons working", async () => {
      slack.script("chat.postMessage", () => slackError);
      const answer = await deposit();
      expect(answer).toContain("Publiée dans C-SIAO");
      expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C-SIAO")).toHaveLength(1);
      expect(siao()).toHaveLength(1);
      const ts = siao()[0]?.ts;
      expect((await candidature("C-2026-001")).messageId).toBe(ts);
      const row = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: "card:C-2026-001:1" } });
      expect(row).toMatchObject({ state: "sent", messageId: ts, kind: "card.candidature", subject: "C-2026-001" });
      await decide("C-2026-001", 1);
      const reply = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts));
      expect(text(reply.args.blocks)).toContain("C-2026-001 : validée");
      const update = await eventually(() => slack.callsTo("chat.update").find((c) => c.args.ts === ts));
      expect(text(update.args.blocks)).toContain("validée");
    });

    it("tells the member the posting is being checked when history cannot be read, and never posts it again", async () => {
      slack.script("chat.postMessage", () => slackError);
      slack.fail("conversations.history", () => ({ body: { ok: false, error: "not_in_channel" } }));
      const before = siao().length;
      const answer = await deposit();
      expect(answer).toContain("en cours de vérification");
      expect(answer).not.toContain("inattendue");
      const row = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: "card:C-2026-002:1" } });
      expect(row.state).toBe("uncertain");
      expect(row.lastError).toContain("not_in_channel");
      clock.set(new Date(clock.now().getTime() + 5 * 60_000));
      await scheduler().tick();
      expect(siao().length - before).toBe(1);
      const admin = identity({ platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" });
      const status = cardText(await run(app, admin, "/rappels statut"));
      expect(status).toContain("incertains : 1");
      expect(status).toContain("card:C-2026-002:1");
      slack.clear("conversations.history");
    });

    it("publishes one card when the same card is published twice at once, or again after it was sent", async () => {
      const sender = new OutboxSender({ db: app.database.prisma, clock, logger, i18n: app.i18n, ports: {} });
      const publisher = new CardPublisher({ db: app.database.prisma, clock, logger, sender });
      const port = commandPort();
      const territoryId = (await candidature("C-2026-001")).territoryId;
      const publish = () =>
        publisher.publish({
          territoryId,
          channelId: "C-SIAO",
          card: card("Candidature C-2026-999", { visibility: "channel" }),
          subject: { kind: "candidature", reference: "C-2026-999", version: 1 },
          port,
        });
      const before = siao().length;
      const results = await Promise.all([publish(), publish()]);
      expect(siao().length - before).toBe(1);
      // The second is told the card is posted, or (while the first is still sending) being checked.
      expect(results.map((r) => r.status)).toContain("posted");
      for (const result of results) expect(["posted", "checking"]).toContain(result.status);
      const again = await publish();
      expect(again).toEqual({ status: "posted", message: { channelId: "C-SIAO", messageId: siao().at(-1)?.ts } });
      expect(siao().length - before).toBe(1);
    });

    it("resumes a card left 'sending' by a crash after its post: one card, linked, its buttons working", async () => {
      killAfterNextPost = true;
      const before = siao().length;
      const answer = await deposit();
      expect(answer).toContain("en cours de vérification");
      expect(siao().length - before).toBe(1);
      expect((await candidature("C-2026-003")).messageId).toBeNull();
      expect(
        (await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: "card:C-2026-003:1" } })).state,
      ).toBe("sending");
      clock.set(new Date(clock.now().getTime() + 3 * 60_000));
      await scheduler().tick();
      expect(siao().length - before).toBe(1);
      const ts = siao().at(-1)?.ts;
      expect((await candidature("C-2026-003")).messageId).toBe(ts);
      await decide("C-2026-003", 3);
      const update = await eventually(() => slack.callsTo("chat.update").find((c) => c.args.ts === ts));
      expect(text(update.args.blocks)).toContain("validée");
    });
    it("tells a decision in the card's thread once when Slack answers 500 after posting it", async () => {
      await deposit();
      const ts = (await candidature("C-2026-004")).messageId ?? "";
      expect(ts).toMatch(/^\d+\.\d+$/);
      slack.script("chat.postMessage", () => slackError);
      await decide("C-2026-004", 4);
      await eventually(() => slack.callsTo("chat.update").find((c) => c.args.ts === ts));
      const row = await threadRow(app, ts, "sent");
      const replies = slack.repliesTo("C-SIAO", ts).filter((m) => m.ts !== ts);
      expect(replies).toHaveLength(1);
      expect(row).toMatchObject({ kind: "thread_reply", messageId: replies[0]?.ts });
      expect(text(replies[0]?.blocks)).toContain("C-2026-004 : validée");
      expect(slack.callsTo("conversations.replies").some((c) => c.args.ts === ts)).toBe(true);
    });

    it("resumes a thread reply left 'sending' by a crash after its post, without posting it again", async () => {
      await deposit();
      const ts = (await candidature("C-2026-005")).messageId ?? "";
      killAfterNextPost = true;
      await decide("C-2026-005", 5);
      await eventually(() => slack.repliesTo("C-SIAO", ts).length === 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const row = await threadRow(app, ts);
      expect(row.state).toBe("sending");
      clock.set(new Date(clock.now().getTime() + 3 * 60_000));
      await scheduler().tick();
      const replies = slack.repliesTo("C-SIAO", ts).filter((m) => m.ts !== ts);
      expect(replies).toHaveLength(1);
      expect(await app.database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        state: "sent",
        messageId: replies[0]?.ts,
      });
    });
    it("posts a resubmission as a new card, and a late earlier card never takes its place", async () => {
      const port = commandPort();
      const who = (user: string) =>
        identity({ platform: "slack", territoryExternalId: "T1", userExternalId: user, platformAdmin: false });
      const admin = identity({ platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" });
      // C-2026-002's first card is uncertain (history unreadable): adjourned, then resubmitted.
      expect(
        (await run(app, who("USIAO"), '/candidature decider C-2026-002 ajournee "Avis manquant"', port)).tone,
      ).toBe("success");
      const before = siao().length;
      const resubmitted = await run(app, who("UCCAS"), "/candidature redeposer C-2026-002 Avis joint.", port);
      expect(cardText(resubmitted)).toContain("Publiée dans C-SIAO");
      expect(siao().length - before).toBe(1);
      const second = siao().at(-1)?.ts;
      expect((await candidature("C-2026-002")).messageId).toBe(second);
      expect(
        (await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: "card:C-2026-002:2" } })).messageId,
      ).toBe(second);
      // The admin has the uncertain first card sent again: posted, but not linked in place of the second.
      expect((await run(app, admin, "/rappels trancher card:C-2026-002:1 renvoyer")).tone).toBe("success");
      await scheduler().tick();
      expect(
        (await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: "card:C-2026-002:1" } })).state,
      ).toBe("sent");
      expect((await candidature("C-2026-002")).messageId).toBe(second);
    });
    it("tells the finance member a claim's card is being checked after a crash, and links it once resumed", async () => {
      await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
        "/config role user:UCCAS finance",
        "/config canal finance C-FIN",
      ]);
      const port = commandPort();
      const finance = identity({
        platform: "slack",
        territoryExternalId: "T1",
        userExternalId: "UCCAS",
        platformAdmin: false,
      });
      killAfterNextPost = true;
      const declared = await run(
        app,
        finance,
        "/securisation declarer vacance 1200 logement:L-12 du:2026-01-01 au:2026-02-15 loyer:450",
        port,
      );
      expect(cardText(declared)).toContain("SEC-2026-001");
      expect(cardText(declared)).toContain("en cours de vérification");
      const claim = () =>
        app.database.prisma.securisationClaim.findFirstOrThrow({ where: { territory: { platform: "slack" } } });
      expect((await claim()).messageId).toBeNull();
      clock.set(new Date(clock.now().getTime() + 3 * 60_000));
      await scheduler().tick();
      expect(slack.messagesIn("C-FIN")).toHaveLength(1);
      expect((await claim()).messageId).toBe(slack.messagesIn("C-FIN")[0]?.ts);
    });

    it("posts on the next tick the card a deposit planned when the process dies after its commit, before the post", async () => {
      killBeforeNextPost = true;
      const before = siao().length;
      expect(await deposit()).toContain("en cours de vérification");
      expect(siao().length - before).toBe(0);
      const row = await app.database.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: "card.candidature", state: "planned" },
      });
      const reference = row.subject ?? "";
      expect(row).toMatchObject({ key: `card:${reference}:1`, channelId: "C-SIAO", attempts: 0 });
      expect((await candidature(reference)).messageId).toBeNull();
      await scheduler().tick();
      await scheduler().tick();
      expect(siao().length - before).toBe(1);
      const ts = siao().at(-1)?.ts;
      expect(text(siao().at(-1)?.blocks)).toContain(reference);
      expect((await candidature(reference)).messageId).toBe(ts);
      expect(await app.database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        state: "sent",
        messageId: ts,
      });
    });

    it("posts on the next tick a situation's and a submitted claim's cards planned before a kill, once each", async () => {
      await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
        "/config role user:UCCAS comite",
        "/config canal comite C-COM",
        '/config bailleur ajouter "Bailleur Sud" public',
      ]);
      const port = commandPort();
      const member = identity({
        platform: "slack",
        territoryExternalId: "T1",
        userExternalId: "UCCAS",
        platformAdmin: false,
      });
      killBeforeNextPost = true;
      const added = await run(
        app,
        member,
        '/situation ajouter nouveau "Bailleur Sud" impayes haute Dette de loyer depuis trois mois.',
        port,
      );
      expect(cardText(added)).toContain("en cours de vérification");
      const drafted = cardText(
        await run(
          app,
          member,
          "/securisation brouillon vacance 900 logement:L-20 du:2026-01-01 au:2026-02-15 loyer:450",
          port,
        ),
      );
      const claimRef = /SEC-2026-\d+/.exec(drafted)?.[0] ?? "";
      expect(claimRef).not.toBe("");
      killBeforeNextPost = true;
      const submitted = await run(app, member, `/securisation soumettre ${claimRef}`, port);
      expect(cardText(submitted)).toContain("en cours de vérification");
      const [comite, finance] = [slack.messagesIn("C-COM").length, slack.messagesIn("C-FIN").length];
      expect(comite).toBe(0);
      await scheduler().tick();
      await scheduler().tick();
      expect(slack.messagesIn("C-COM")).toHaveLength(1);
      expect(slack.messagesIn("C-FIN").length - finance).toBe(1);
      const situation = await app.database.prisma.situation.findFirstOrThrow({
        where: { territory: { platform: "slack" } },
      });
      expect(situation.messageId).toBe(slack.messagesIn("C-COM")[0]?.ts);
      const claim = await app.database.prisma.securisationClaim.findFirstOrThrow({
        where: { reference: claimRef, territory: { platform: "slack" } },
      });
      expect(claim.messageId).toBe(slack.messagesIn("C-FIN").at(-1)?.ts);
    });

    it("leaves no outbox row when the change that planned a card fails in its transaction", async () => {
      const { territoryId } = await candidature("C-2026-001");
      const announcement = {
        purpose: "siao" as const,
        render: () => card("Carte", { visibility: "channel" as const }),
      };
      const view = { reference: "C-2026-998" };
      const refused = inTransaction(app.database.prisma, async (repos) => {
        const { planned } = await announce(
          repos,
          territoryId,
          announcement,
          { kind: "candidature", version: 1 },
          view,
          clock.now(),
        );
        expect(planned).toEqual({ key: "card:C-2026-998:1", channelId: "C-SIAO" });
        expect(await repos.outbox.byKey(territoryId, "card:C-2026-998:1")).not.toBeNull();
        throw new UserError("candidature_not_adjourned", { ref: "C-2026-998", status: "soumise" });
      });
      await expect(refused).rejects.toThrow(UserError);
      expect(await app.database.prisma.outboxMessage.count({ where: { subject: "C-2026-998" } })).toBe(0);
      // A card whose rendering fails takes its candidature with it: neither is committed.
      const rows = await app.database.prisma.outboxMessage.count();
      const candidatures = await app.database.prisma.candidature.count();
      const member = await app.database.prisma.member.findFirstOrThrow({ where: { territoryId, externalId: "UCCAS" } });
      const submit = app.services.candidatures.submit(
        { territoryId, memberId: member.id, timezone: "Europe/Paris" },
        {
          menage: "nouveau",
          dispositif: "dalo",
          public: "famille",
          hebergement: "chrs",
          ressources: "minima_sociaux",
          budget: true,
          composition: "personne_seule",
          note: "Prête à sortir.",
        },
        {
          purpose: "siao",
          render: () => {
            throw new Error("render failed");
          },
        },
      );
      await expect(submit).rejects.toThrow("render failed");
      expect(await app.database.prisma.outboxMessage.count()).toBe(rows);
      expect(await app.database.prisma.candidature.count()).toBe(candidatures);
    });
  });

  describe("on Discord", () => {
    const discord = new FakeDiscord();
    discord.now = () => clock.now().getTime();
    let adapter: DiscordAdapter;
    const member = { platform: "discord" as const, territoryExternalId: "G1" };
    const ccas = identity({ ...member, userExternalId: "UCCAS", platformAdmin: false, groupIds: ["1001"] });
    const deposit = () =>
      run(app, ccas, `/candidature deposer ${DEPOSER}`, discordPort(adapter.client, app.i18n.translator("fr"), logger));
    const candidature = (reference: string) =>
      app.database.prisma.candidature.findFirstOrThrow({ where: { reference, territory: { platform: "discord" } } });

    beforeAll(async () => {
      await discord.start();
      adapter = await startDiscordBot(app, discord.url);
      await setUp(app, { ...member, userExternalId: "UADMIN" }, [
        "/config dispositif dalo DALO",
        "/config role <@&1001> ccas",
        "/config role <@&1002> siao",
        "/config canal siao C-SIAO",
      ]);
    });

    afterAll(async () => {
      await adapter?.stop();
      await discord.stop();
    });

    it("finds the card every retry of which got a 500 after posting: one card, linked, its buttons working", async () => {
      // More failures than discord.js retries: the post ends in an error and is reconciled.
      discord.failPosts("C-SIAO", 10, true);
      const answer = cardText(await deposit());
      discord.failPosts("C-SIAO", 0, false);
      expect(answer).toContain("Publiée dans C-SIAO");
      const creates = discord.calls.filter((c) => c.method === "POST" && c.path === "/channels/C-SIAO/messages");
      expect(creates.length).toBeGreaterThan(1);
      expect(creates.map((c) => c.body)).toMatchObject(creates.map(() => ({ enforce_nonce: true })));
      expect(discord.messagesIn("C-SIAO")).toHaveLength(1);
      const id = String(discord.messagesIn("C-SIAO")[0]?.id);
      expect((await candidature("C-2026-001")).messageId).toBe(id);
      discord.button("b|candidature.decider|ref=C-2026-001&decision=validee|", {
        user: "USIAO",
        roles: ["1002"],
        channel: "C-SIAO",
      });
      const reply = await eventually(() =>
        discord.calls.find((c) => c.method === "POST" && c.path === `/channels/${id}/messages`),
      );
      expect(text(reply.body)).toContain("C-2026-001 : validée");
      expect(discord.calls.some((c) => c.method === "PATCH" && c.path === `/channels/C-SIAO/messages/${id}`)).toBe(
        true,
      );
      // The reply is marked sent after its post: wait for it, or its marking could meet the next
      // test's planned kill instead of that test's own post.
      await threadRow(app, id, "sent");
    });

    it("resumes a card left 'sending' by a crash after its post: one card, linked", async () => {
      killAfterNextPost = true;
      const before = discord.messagesIn("C-SIAO").length;
      expect(cardText(await deposit())).toContain("en cours de vérification");
      expect((await candidature("C-2026-002")).messageId).toBeNull();
      clock.set(new Date(clock.now().getTime() + 3 * 60_000));
      await schedulerFor(app, app.database, clock, {
        discord: (t: Translate) => discordReminderPort(adapter.client, t),
      }).tick();
      expect(discord.messagesIn("C-SIAO").length - before).toBe(1);
      expect((await candidature("C-2026-002")).messageId).toBe(String(discord.messagesIn("C-SIAO").at(-1)?.id));
    });

    it("tells a decision in the card's thread once when every retry of the post got a 500 after posting", async () => {
      expect(cardText(await deposit())).toContain("Publiée dans C-SIAO");
      const root = (await candidature("C-2026-003")).messageId ?? "";
      discord.failPosts(root, 10, true);
      discord.button("b|candidature.decider|ref=C-2026-003&decision=validee|", {
        user: "USIAO",
        roles: ["1002"],
        channel: "C-SIAO",
      });
      const row = await threadRow(app, root, "sent");
      discord.failPosts(root, 0, false);
      expect(discord.calls.filter((c) => c.method === "POST" && c.path === `/channels/${root}/messages`).length).toBe(
        4,
      );
      expect(discord.messagesIn(root)).toHaveLength(1);
      expect(row.messageId).toBe(String(discord.messagesIn(root)[0]?.id));
      expect(text(discord.messagesIn(root)[0])).toContain("C-2026-003 : validée");
    });

    it("posts one card when a resubmission is sent twice at once", async () => {
      const port = discordPort(adapter.client, app.i18n.translator("fr"), logger);
      const siaoMember = identity({ ...member, userExternalId: "USIAO", platformAdmin: false, groupIds: ["1002"] });
      expect(cardText(await deposit())).toContain("Publiée dans C-SIAO");
      expect((await run(app, siaoMember, '/candidature decider C-2026-004 ajournee "Avis manquant"', port)).tone).toBe(
        "success",
      );
      const before = discord.messagesIn("C-SIAO").length;
      const twice = await Promise.all(
        [1, 2].map(() => run(app, ccas, "/candidature redeposer C-2026-004 Avis joint.", port)),
      );
      expect(twice.map((answer) => answer.tone).sort()).toEqual(["error", "success"]);
      expect(discord.messagesIn("C-SIAO").length - before).toBe(1);
      expect((await candidature("C-2026-004")).messageId).toBe(String(discord.messagesIn("C-SIAO").at(-1)?.id));
    });
  });
});
