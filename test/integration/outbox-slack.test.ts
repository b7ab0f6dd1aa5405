import { WebClient } from "@slack/web-api";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { Translate } from "../../src/core/i18n.ts";
import { slackLogger } from "../../src/platforms/slack/logger-bridge.ts";
import { postingClient, slackReminderPort } from "../../src/platforms/slack/slack-port.ts";
import type { DeliveryOptions } from "../../src/reminders/delivery.ts";
import { cardText, identity, run } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeSlack } from "../support/fake-slack.ts";
import { doubles, parisEight, reminderStates, remindersIn, schedulerFor, slackReminded } from "../support/reminders.ts";
import { testApp } from "../support/app.ts";

const admin = identity({ territoryExternalId: "T-O", userExternalId: "UADMIN" });
const staff = identity({ territoryExternalId: "T-O", userExternalId: "USTAFF", platformAdmin: false });
const CANDIDATURES = 25;
const killed = () => {
  throw new Error("process killed");
};

describeEachDatabase("outbox on a Slack stand-in: 500 after posting, unreadable history, kills", (provider) => {
  const slack = new FakeSlack();
  // Monday early: the candidatures wait 7 days on the Monday after, then weekly.
  // A week clear of public holidays (11 November is one: no reminder runs then).
  const clock = fixedClock(new Date("2026-11-09T06:00:00Z"));
  slack.now = () => clock.now().getTime();
  let db: TestDatabase;
  let app: App;
  const logger = pino({ level: "silent" });

  const port = () => (t: Translate) =>
    slackReminderPort(
      new WebClient("xoxb-test", {
        slackApiUrl: `${slack.url}/api/`,
        retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
        logger: slackLogger(logger),
      }),
      postingClient(`${slack.url}/api/`, logger),
      t,
    );
  const scheduler = (extra: Partial<DeliveryOptions> = {}) =>
    schedulerFor(app, app.database, clock, { slack: port() }, extra);
  const at = (day: string, minutes = 0) => clock.set(new Date(parisEight(day).getTime() + minutes * 60_000));
  const outboxKeys = (channel: string) =>
    slack.messagesIn(channel).flatMap((m) => (m.metadata ? [String(m.metadata.event_payload.key)] : []));
  const postsTo = (channel: string) => slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);

  beforeAll(async () => {
    await slack.start();
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      "/config role user:USTAFF ccas",
      "/config role user:USTAFF siao",
      "/config role user:USTAFF finance",
      "/config canal siao C-SIAO",
      "/config canal finance C-FIN",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    await run(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-11-12');
    for (let i = 0; i < CANDIDATURES; i++) {
      const deposited = await run(
        app,
        staff,
        "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.",
      );
      expect(deposited.tone).toBe("success");
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("finds a post Slack answered 500 to after making it, and does not post it again", async () => {
    slack.script("chat.postMessage", () => ({ deliver: true, status: 500, body: { ok: false, error: "internal" } }));
    at("2026-11-13");
    await scheduler().tick();
    expect(postsTo("C-FIN")).toHaveLength(1);
    expect(slack.messagesIn("C-FIN")).toHaveLength(1);
    const row = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { channelId: "C-FIN" } });
    expect(row).toMatchObject({ state: "sent", messageId: slack.messagesIn("C-FIN")[0]?.ts, attempts: 1 });
    expect(await remindersIn(app.database.prisma, "sent", { kind: "advance_overdue" })).toBe(1);
  });

  it("resumes a run killed in the middle, the next day: weekly reminders still delivered, none twice", async () => {
    at("2026-11-16");
    let sends = 0;
    const crashing = scheduler({
      parallelChannels: 1,
      faults: { afterSend: () => (++sends >= 2 ? killed() : undefined) },
    });
    await crashing.tick();
    const plannedOn9 = await app.database.prisma.outboxMessage.count({ where: { createdAt: clock.now() } });
    expect(plannedOn9).toBe(4); // C-FIN 1, C-SIAO 3 (25 candidatures, 10 a message)
    expect(await app.database.prisma.outboxMessage.count({ where: { state: "planned" } })).toBe(2);
    expect(await app.database.prisma.outboxMessage.count({ where: { state: "sending" } })).toBe(1);
    at("2026-11-17");
    await scheduler().tick();
    const siao = slackReminded(slack.messagesIn("C-SIAO"));
    expect(siao.filter((r) => r.startsWith("candidature_waiting"))).toHaveLength(CANDIDATURES);
    expect(doubles(siao)).toEqual([]);
    expect(doubles(outboxKeys("C-SIAO"))).toEqual([]);
    expect(await app.database.prisma.outboxMessage.count({ where: { state: { not: "sent" } } })).toBe(0);
    expect(await remindersIn(app.database.prisma, "sent", { kind: "candidature_waiting" })).toBe(CANDIDATURES);
  });

  it("leaves a post it cannot check as uncertain, never posts it again, and shows it to the admin", async () => {
    slack.script("chat.postMessage", () => ({ deliver: true, status: 500, body: { ok: false, error: "internal" } }));
    slack.fail("conversations.history", () => ({ body: { ok: false, error: "not_in_channel" } }));
    at("2026-11-18");
    const before = slack.messagesIn("C-FIN").length;
    await scheduler().tick();
    at("2026-11-18", 10);
    await scheduler().tick();
    expect(slack.messagesIn("C-FIN").length - before).toBe(1);
    const uncertain = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { state: "uncertain" } });
    expect(uncertain.lastError).toContain("not_in_channel");
    const status = cardText(await run(app, admin, "/rappels statut"));
    expect(status).toContain("incertains : 1");
    expect(status).toContain(uncertain.key);
    expect((await run(app, staff, `/rappels trancher ${uncertain.key} envoye`)).tone).toBe("error");
    expect((await run(app, admin, `/rappels trancher ${uncertain.key} envoye`)).tone).toBe("success");
    expect(await app.database.prisma.outboxMessage.count({ where: { state: "uncertain" } })).toBe(0);
    const carried = await reminderStates(app.database.prisma, { digestId: uncertain.key });
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.every((state) => state === "sent")).toBe(true);
    expect(cardText(await run(app, admin, `/rappels trancher ${uncertain.key} envoye`))).toContain("Aucun message");
    slack.clear("conversations.history");
  });

  it("finds a post followed by more than 200 messages, reading history page by page", async () => {
    at("2026-11-19");
    await scheduler({ faults: { afterSend: killed } }).tick();
    for (let i = 0; i < 250; i++) slack.addMessage("C-FIN", `message ${i}`);
    const reads = slack.callsTo("conversations.history").length;
    at("2026-11-19", 5);
    await scheduler().tick();
    expect(slack.callsTo("conversations.history").length - reads).toBeGreaterThanOrEqual(2);
    expect(await app.database.prisma.outboxMessage.count({ where: { state: { not: "sent" } } })).toBe(0);
    expect(doubles(outboxKeys("C-FIN"))).toEqual([]);
  });

  it("posts again, once, what Slack refused with a 500 before posting", async () => {
    slack.script("chat.postMessage", () => ({ status: 503, body: { ok: false, error: "service_unavailable" } }));
    at("2026-11-20");
    const before = slack.messagesIn("C-FIN").length;
    await scheduler().tick();
    expect(slack.messagesIn("C-FIN").length).toBe(before);
    at("2026-11-20", 2);
    await scheduler().tick();
    expect(slack.messagesIn("C-FIN").length - before).toBe(1);
    expect(doubles(outboxKeys("C-FIN"))).toEqual([]);
  });

  it("plans a run killed before its plan was written, under the same slot, once", async () => {
    at("2026-11-23");
    const before = slack.messagesIn("C-SIAO").length;
    await scheduler({ faults: { beforePlan: killed } }).tick();
    expect(slack.messagesIn("C-SIAO").length).toBe(before);
    at("2026-11-23", 5);
    const restarted = scheduler();
    await restarted.tick();
    await restarted.tick();
    const week = slackReminded(slack.messagesIn("C-SIAO").slice(before));
    expect(week.filter((r) => r.startsWith("candidature_waiting"))).toHaveLength(CANDIDATURES);
    expect(doubles(week)).toEqual([]);
    expect(await restarted.catchUp()).toEqual([]);
  });

  it("lets only the reminder's team (or an admin) snooze it", async () => {
    const ccasOnly = identity({ territoryExternalId: "T-O", userExternalId: "UCCASONLY", platformAdmin: false });
    expect((await run(app, admin, "/config role user:UCCASONLY ccas")).tone).not.toBe("error");
    const refused = await run(app, ccasOnly, "/rappels reporter advance_overdue AV-2026-001 2");
    expect(refused.tone).toBe("error");
    expect(cardText(refused)).toContain("Seuls les membres concernés");
    expect(await app.database.prisma.reminderSnooze.count()).toBe(0);
    expect(
      await app.database.prisma.auditEvent.count({ where: { action: "reminder.snoozed", outcome: "refused" } }),
    ).toBe(1);
    expect((await run(app, staff, "/rappels reporter advance_overdue AV-2026-001 2")).tone).toBe("success");
    expect((await run(app, admin, "/rappels reporter candidature_waiting C-2026-001 2")).tone).toBe("success");
  });

  it("never posts one outbox key twice, in any channel", () => {
    for (const channel of ["C-FIN", "C-SIAO"]) expect(doubles(outboxKeys(channel))).toEqual([]);
    expect(slack.messagesIn("C-FIN").filter((m) => m.metadata).length).toBeGreaterThanOrEqual(7);
  });
});
