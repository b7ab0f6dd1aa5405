import { mention } from "../../src/core/card.ts";
import pino from "pino";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { type Clock, fixedClock } from "../../src/core/clock.ts";
import { NotSentError } from "../../src/core/platform-errors.ts";
import { openDatabase } from "../../src/db/client.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { slackLogger } from "../../src/platforms/slack/logger-bridge.ts";
import { postingClient, slackReminderPort } from "../../src/platforms/slack/slack-port.ts";
import type { Translate } from "../../src/core/i18n.ts";
import { identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase, type TestProvider } from "../support/databases.ts";
import { FakeSlack } from "../support/fake-slack.ts";
import {
  parisEight,
  recordingReminderPort,
  reminded,
  reminderStates,
  remindersIn,
  schedulerFor,
  type PostedDigest,
} from "../support/reminders.ts";

const admin = identity({ territoryExternalId: "T-R", userExternalId: "UADMIN" });
const staff = identity({
  territoryExternalId: "T-R",
  userExternalId: "USTAFF",
  platformAdmin: false,
  displayName: "Coordinatrice",
});

async function setUp(app: App, channels = true): Promise<void> {
  const lines = [
    "/config dispositif dalo DALO",
    "/config bailleur ajouter Bailleur public",
    '/config bailleur ajouter "Bailleur Fictif" public',
    '/config bailleur ajouter "Bailleur A" public',
    '/config bailleur ajouter "Bailleur B" public',
    '/config bailleur ajouter "Bailleur C" public',
    "/config quota dalo 2026 5",
    "/config quota dalo 2027 5",
    "/config role user:USTAFF ccas",
    "/config role user:USTAFF siao",
    "/config role user:USTAFF comite",
    "/config role user:USTAFF finance",
  ];
  if (channels)
    lines.push(
      "/config canal ccas C-CCAS",
      "/config canal siao C-SIAO",
      "/config canal comite C-COMITE",
      "/config canal finance C-FIN",
    );
  for (const line of lines) expect((await run(app, admin, line)).tone, line).not.toBe("error");
}

/**
 * For a block: a fresh territory with its channels and two advances owed (their subsidies due on
 * 5 and 6 November), closed after the block.
 */
function twoAdvancesFor(provider: TestProvider, clock: Clock): { app: () => App; url: () => string } {
  let db: TestDatabase | undefined;
  let app: App | undefined;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await setUp(app);
    await run(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-11-05');
    await run(app, staff, '/avance demander 3000 "Subvention CAF" CAF 2026-11-06');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the block's set-up has not run");
    return value;
  };
  return { app: () => ready(app), url: () => ready(db).url };
}

describeEachDatabase("reminders over a year", (provider) => {
  const clock = fixedClock(new Date("2026-01-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  const posts: PostedDigest[] = [];
  const byDay = new Map<string, string[]>();
  const channelsByDay = new Map<string, { channelId: string; items: number }[]>();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    await setUp(app);
    await run(app, staff, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.");
    await run(app, staff, "/candidature decider C-2026-001 validee");
    await run(app, staff, "/candidature deposer nouveau dalo homme_seul alt minima_sociaux oui personne_seule Note.");
    clock.set(new Date("2026-01-05T10:00:00Z"));
    expect((await run(app, staff, "/mesure ouvrir C-2026-001 2026-01-05 Bailleur public")).tone).toBe("success");
    const scheduler = schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) });
    for (let day = "2026-01-06"; day <= "2026-12-31"; day = addDays(day, 1)) {
      clock.set(parisEight(day));
      const before = posts.length;
      await scheduler.tick();
      byDay.set(day, reminded(posts.slice(before)));
      channelsByDay.set(
        day,
        posts.slice(before).map((p) => ({ channelId: p.channelId, items: reminded([p]).length })),
      );
      if (day === "2026-07-08") {
        clock.set(new Date("2026-07-08T08:30:00Z"));
        expect((await run(app, staff, "/bilan enregistrer IML-2026-001 prolonger oui oui")).tone).toBe("success");
      }
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const daysWith = (entry: string) =>
    [...byDay.entries()].filter(([, items]) => items.includes(entry)).map(([day]) => day);

  it("reminds a bilan 14 and 2 days before, then each working day until it is recorded", () => {
    // Six months after 5 January is Sunday 5 July: the bilan is due on the next working day.
    expect(daysWith("bilan_soon IML-2026-001.b6.20260706")).toEqual(["2026-06-22", "2026-07-06"]);
    expect(daysWith("bilan_overdue IML-2026-001.b6.20260706")).toEqual(["2026-07-07", "2026-07-08"]);
    expect(daysWith("bilan_soon IML-2026-001.b10.20261105")).toEqual(["2026-10-22", "2026-11-03"]);
  });

  it("reminds follow-ups a week ahead, mentioning the member who follows the household", () => {
    expect(daysWith("suivi_due IML-2026-001.s.20260305")).toEqual(["2026-02-26"]);
    const digest = posts.find((p) => reminded([p]).includes("suivi_due IML-2026-001.s.20260305"))!;
    expect(digest.channelId).toBe("C-CCAS");
    expect(digest.card.fields?.map((f) => f.value).join("\n")).toContain(mention("USTAFF"));
  });

  it("reminds the SIAO of a waiting candidature after 7 days, then weekly", () => {
    const days = daysWith("candidature_waiting C-2026-002");
    expect(days.slice(0, 3)).toEqual(["2026-01-09", "2026-01-16", "2026-01-23"]);
    // Weekly on Fridays; a Friday that is a public holiday (1 and 8 May, 25 December) moves to the next working day.
    const late = days.filter((d) => new Date(`${d}T12:00:00Z`).getUTCDay() !== 5);
    expect(
      late.every((d) => ["2026-05-04", "2026-05-11", "2026-12-28"].includes(d)),
      late.join(),
    ).toBe(true);
    expect(days).not.toContain("2026-05-01");
    expect(
      posts
        .filter((p) => reminded([p]).includes("candidature_waiting C-2026-002"))
        .every((p) => p.channelId === "C-SIAO"),
    ).toBe(true);
  });

  it("posts each reminder once, one digest per channel per run, never an empty one", async () => {
    const items = reminded(posts);
    const sent = await remindersIn(app.database.prisma, "sent", { kind: { notIn: ["lease", "notice"] } });
    expect(items.length).toBe(sent);
    expect(posts.every((p) => (p.card.buttons ?? []).length > 0)).toBe(true);
    // A channel gets a second message in a run only when the first is full (10 reminders).
    for (const [day, messages] of channelsByDay) {
      const byChannel = new Map<string, number[]>();
      for (const m of messages) byChannel.set(m.channelId, [...(byChannel.get(m.channelId) ?? []), m.items]);
      for (const [channel, sizes] of byChannel)
        expect(
          sizes.slice(0, -1).every((n) => n === 10),
          `${day} ${channel}`,
        ).toBe(true);
    }
    expect([...channelsByDay.values()].some((m) => m.length > 0)).toBe(true);
    // Nothing left waiting for a digest or in an unsent one.
    expect(
      (await reminderStates(app.database.prisma)).filter((s) => s === "pending" || s.startsWith("in_digest")),
    ).toEqual([]);
    // Weekends: nothing posted (the schedule is working days only).
    expect(byDay.get("2026-07-04")).toEqual([]);
  });
});

describeEachDatabase("reminders through crashes, restarts and a second instance", (provider) => {
  const clock = fixedClock(new Date("2026-11-02T09:00:00Z"));
  const fixture = twoAdvancesFor(provider, clock);
  let app: App;
  beforeAll(() => {
    app = fixture.app();
  });

  it("recovers a digest posted just before a crash without posting it again", async () => {
    const posts: PostedDigest[] = [];
    clock.set(parisEight("2026-11-09"));
    const crashing = schedulerFor(
      app,
      app.database,
      clock,
      { slack: recordingReminderPort(posts) },
      {
        faults: {
          afterSend() {
            throw new Error("process killed");
          },
        },
      },
    );
    await crashing.tick();
    expect(posts).toHaveLength(1);
    expect(await remindersIn(app.database.prisma, "in_digest:sending")).toBe(2);
    clock.set(new Date(parisEight("2026-11-09").getTime() + 5 * 60_000));
    const restarted = schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) });
    await restarted.runNow((await app.database.prisma.territory.findFirstOrThrow({ where: { externalId: "T-R" } })).id);
    expect(posts).toHaveLength(1);
    expect(await remindersIn(app.database.prisma, "sent", { kind: "advance_overdue" })).toBe(2);
  });

  it("sends again, once, a digest whose post failed", async () => {
    const posts: PostedDigest[] = [];
    let failures = 1;
    const port = recordingReminderPort(posts, {
      fail: () => (failures-- > 0 ? new Error("socket hang up") : undefined),
    });
    clock.set(parisEight("2026-11-10"));
    const scheduler = schedulerFor(app, app.database, clock, { slack: port });
    await scheduler.tick();
    expect(posts).toHaveLength(0);
    // The outcome of a cut connection is unknown: the history says it is not there, so it waits
    // in the outbox with its key, to be sent again.
    const failed = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { state: "planned" } });
    expect(failed).toMatchObject({ attempts: 1, lastError: "socket hang up" });
    clock.set(new Date(parisEight("2026-11-10").getTime() + 60 * 60_000));
    await scheduler.runNow(failed.territoryId);
    expect(posts).toHaveLength(1);
    expect(reminded(posts)).toEqual(["advance_overdue AV-2026-001", "advance_overdue AV-2026-002"]);
  });

  it("posts each digest once when two schedulers run the same slot at the same time", async () => {
    const posts: PostedDigest[] = [];
    const second = await openDatabase(fixture.url());
    try {
      // 11 November is a public holiday (Armistice): no overdue reminder then; the 12th is the next working day.
      clock.set(parisEight("2026-11-12"));
      const a = schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) });
      const b = schedulerFor(app, second, clock, { slack: recordingReminderPort(posts) });
      const reports = (await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).flat();
      expect(reports.filter((r) => !r.skipped)).toHaveLength(1);
      expect(posts).toHaveLength(1);
      expect(reminded(posts)).toEqual(["advance_overdue AV-2026-001", "advance_overdue AV-2026-002"]);
    } finally {
      await second.close();
    }
  });

  it("catches up a run missed while the bot was down, once", async () => {
    const posts: PostedDigest[] = [];
    const scheduler = schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) });
    clock.set(new Date("2026-11-16T09:30:00Z")); // Monday 10:30: the 08:00 run was missed
    expect((await scheduler.catchUp()).filter((r) => !r.skipped)).toHaveLength(1);
    expect(posts).toHaveLength(1);
    expect(await scheduler.catchUp()).toEqual([]);
    expect(posts).toHaveLength(1);
  });

  it("keeps snoozed reminders quiet until the snooze ends", async () => {
    const posts: PostedDigest[] = [];
    expect((await run(app, staff, "/rappels reporter advance_overdue AV-2026-001 2")).tone).toBe("success");
    const scheduler = schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) });
    clock.set(parisEight("2026-11-17"));
    await scheduler.tick();
    expect(reminded(posts)).toEqual(["advance_overdue AV-2026-002"]);
    clock.set(parisEight("2026-11-18"));
    await scheduler.tick();
    expect(reminded(posts)).toEqual([
      "advance_overdue AV-2026-002",
      "advance_overdue AV-2026-001",
      "advance_overdue AV-2026-002",
    ]);
  });
});

describeEachDatabase("a digest given up, then settled by an admin", (provider) => {
  const clock = fixedClock(new Date("2026-11-02T09:00:00Z"));
  const fixture = twoAdvancesFor(provider, clock);
  let app: App;
  beforeAll(() => {
    app = fixture.app();
  });

  it("counts its reminders posted once an admin says it was, and sends again one said not to be", async () => {
    const posts: PostedDigest[] = [];
    // Refused every time (the platform says it did not post): given up after the only try allowed.
    const refusing = recordingReminderPort(posts, { fail: () => new NotSentError("rate limited", null) });
    clock.set(parisEight("2026-11-09"));
    const [report] = await schedulerFor(app, app.database, clock, { slack: refusing }, { maxAttempts: 1 }).tick();
    expect(report).toMatchObject({ planned: 2, messages: 0, sent: 0, failed: 1 });
    const given = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { state: "failed" } });
    expect(await reminderStates(app.database.prisma, { digestId: given.key })).toEqual(["failed", "failed"]);
    // The admin found it in the channel after all: its reminders are posted, and not planned again.
    expect((await run(app, admin, `/rappels trancher ${given.key} envoye`)).tone).toBe("success");
    expect(await reminderStates(app.database.prisma, { digestId: given.key })).toEqual(["sent", "sent"]);

    clock.set(parisEight("2026-11-10"));
    await schedulerFor(app, app.database, clock, { slack: refusing }, { maxAttempts: 1 }).tick();
    const second = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { state: "failed" } });
    expect(second.key).not.toBe(given.key);
    // Not in the channel: sent again with its key, and counted once when it goes out.
    expect((await run(app, admin, `/rappels trancher ${second.key} renvoyer`)).tone).toBe("success");
    expect(await reminderStates(app.database.prisma, { digestId: second.key })).toEqual([
      "in_digest:planned",
      "in_digest:planned",
    ]);
    clock.set(new Date(parisEight("2026-11-10").getTime() + 60 * 60_000));
    const resent = await schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) }).runNow(
      second.territoryId,
    );
    expect(resent).toMatchObject({ planned: 2, messages: 1, sent: 2 });
    expect(reminded(posts)).toEqual(["advance_overdue AV-2026-001", "advance_overdue AV-2026-002"]);
    expect(await reminderStates(app.database.prisma, { digestId: second.key })).toEqual(["sent", "sent"]);
  });
});

describe("reminders on a Slack stand-in: rate limits, deleted and unbound channels", () => {
  const slack = new FakeSlack();
  const clock = fixedClock(new Date("2026-11-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    await slack.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, clock);
    await setUp(app, false);
    await run(app, admin, "/config canal finance C-FIN");
    await run(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-11-05');
    await run(app, staff, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  const client = () =>
    new WebClient("xoxb-test", {
      slackApiUrl: `${slack.url}/api/`,
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
      logger: slackLogger(pino({ level: "silent" })),
    });
  const port = () => (t: Translate) =>
    slackReminderPort(client(), postingClient(`${slack.url}/api/`, pino({ level: "silent" })), t);

  it("waits out a 429 and posts once; tells the admin once of a purpose with no channel", async () => {
    slack.script("chat.postMessage", () => ({
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    }));
    clock.set(parisEight("2026-11-09"));
    const scheduler = schedulerFor(app, app.database, clock, { slack: port() });
    await scheduler.tick();
    const posts = slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.args.channel).toBe("C-FIN");
    expect(await remindersIn(app.database.prisma, "sent", { kind: "advance_overdue" })).toBe(1);
    // The candidature waits for the SIAO, which has no channel: the admin is told once.
    expect(await app.database.prisma.auditEvent.count({ where: { action: "reminders.unbound" } })).toBe(1);
    clock.set(parisEight("2026-11-10"));
    await scheduler.tick();
    expect(await app.database.prisma.auditEvent.count({ where: { action: "reminders.unbound" } })).toBe(1);
    await run(app, admin, "/config canal siao C-SIAO");
    // 11 November is a public holiday: the next run is on the 12th.
    clock.set(parisEight("2026-11-12"));
    await scheduler.tick();
    expect(slack.callsTo("chat.postMessage").some((c) => c.args.channel === "C-SIAO")).toBe(true);
  });

  it("gives up on a deleted channel at once, and says so once", async () => {
    slack.script("chat.postMessage", () => ({ body: { ok: false, error: "channel_not_found" } }));
    clock.set(parisEight("2026-11-13"));
    const scheduler = schedulerFor(app, app.database, clock, { slack: port() });
    const before = slack.callsTo("chat.postMessage").length;
    await scheduler.tick();
    expect(
      await app.database.prisma.reminderDelivery.count({ where: { status: "abandoned", lastError: "channel gone" } }),
    ).toBeGreaterThan(0);
    expect(await app.database.prisma.auditEvent.count({ where: { action: "reminders.channel_gone" } })).toBe(1);
    const overview = await run(app, admin, "/rappels");
    expect(JSON.stringify(overview)).toMatch(/n'existe plus/);
    expect(slack.callsTo("chat.postMessage").length).toBeGreaterThan(before);
  });
});
