import BetterSqlite3 from "better-sqlite3";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { healthRoutes, READINESS_TIMEOUT_MS } from "../../src/platforms/http/health.ts";
import { encodeButton } from "../../src/platforms/slack/button-payload.ts";
import { ReminderDelivery } from "../../src/reminders/delivery.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET, startDiscordBot, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { DatabaseProxy } from "../support/db-proxy.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { buttonClick, eventually, FakeSlack, interaction, postToBot, slashCommand } from "../support/fake-slack.ts";
import { parisEight, recordingReminderPort, type PostedDigest } from "../support/reminders.ts";

const POSTGRES_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
const POSTGRES_WANTED = (process.env.TEST_DATABASES ?? "sqlite,postgresql").includes("postgresql");
/** Slack wants the acknowledgement, Discord the first answer, within 3 s. */
const PLATFORM_DEADLINE_MS = 3000;
const FR = "La base de données ne répond pas";
const EN = "The database does not answer";

/** Declared in the PostgreSQL pass only; skipped, with its reason, where PostgreSQL is absent. */
const postgresSuite: (name: string, suite: () => void) => void = !POSTGRES_WANTED
  ? () => {}
  : POSTGRES_URL
    ? describe
    : (name, suite) => describe.skip(`${name} [skipped: TEST_DATABASE_URL is not set]`, suite);

postgresSuite("PostgreSQL refusing or black-holing connections", () => {
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let proxy: DatabaseProxy;
  let app: App;
  let slackBot: SlackAdapter;
  let discordBot: DiscordAdapter;
  let bot = "";
  let n = 0;

  /** A slash command; resolves with the answer's text and how long after sending it arrived. */
  async function slash(command: string, user: string): Promise<{ text: string; ms: number; acked: number }> {
    const path = `/respond/outage-${++n}`;
    const started = Date.now();
    const body = slashCommand({ command, text: "", user, responseUrl: `${slack.url}${path}` });
    const ack = await postToBot(bot, SLACK_SECRET, body);
    expect(ack.status).toBe(200);
    const acked = Date.now() - started;
    const answer = await eventually(() => slack.responses.find((r) => r.path === path), 20_000);
    return { text: JSON.stringify(answer.body), ms: Date.now() - started, acked };
  }

  /** A Discord slash command; resolves with its first answer's text and when it came. */
  async function interact(name: string, user: string, locale = "fr"): Promise<{ text: string; ms: number }> {
    const started = Date.now();
    const id = discord.interact(2, { id: `c-${name}`, name, type: 1, options: [] }, { user, locale });
    const first = await eventually(
      () => discord.callbacks().find((c) => c.path.startsWith(`/interactions/${id}/`)),
      20_000,
    );
    const ms = Date.now() - started;
    const body = first.body as { type?: number };
    // Deferred (type 5): the answer is the edit that follows.
    const edit =
      body.type === 5
        ? await eventually(
            () => discord.calls.find((c) => c.method === "PATCH" && c.path.includes(`/token-${id}/messages/`)),
            20_000,
          )
        : first;
    return { text: JSON.stringify(edit.body), ms };
  }

  beforeAll(async () => {
    await slack.start();
    await discord.start();
    db = await freshDatabase("postgresql");
    const target = new URL(POSTGRES_URL ?? "");
    proxy = new DatabaseProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    // The bot's own defaults: the deadline comes from the command layer, not from tuned timeouts.
    app = await testApp(proxy.url(db.url), fixedClock(new Date("2026-03-02T09:00:00Z")));
    const routes = healthRoutes({ readiness: (ms) => app.probe.readiness(ms), stopping: () => false });
    ({ adapter: slackBot, url: bot } = await startSlackBot(app, slack.url, { routes }));
    discordBot = await startDiscordBot(app, discord.url);
    slack.users.UEN = { locale: "en-US" };
  }, 30_000);

  afterAll(async () => {
    await slackBot?.stop();
    await discordBot?.stop();
    await proxy?.set("forward");
    await app?.close();
    await proxy?.stop();
    await db?.drop();
    await slack.stop();
    await discord.stop();
  });

  it("answers a known member on Slack in time when the database black-holes, then works again without a restart", async () => {
    expect((await slash("/moi", "UKNOWN")).text).not.toContain(FR);
    await proxy.set("blackhole");
    const stalled = await slash("/moi", "UKNOWN");
    expect(stalled.text).toContain(FR);
    expect(stalled.text).not.toContain("inattendue");
    expect(stalled.acked).toBeLessThan(PLATFORM_DEADLINE_MS);
    expect(stalled.ms).toBeLessThan(PLATFORM_DEADLINE_MS);
    await proxy.set("forward");
    const back = await slash("/moi", "UKNOWN");
    expect(back.text).not.toContain(FR);
    expect(back.text).not.toContain("inattendue");
  }, 30_000);

  it("answers a member never seen (read from the database) in their language, in time, during a black hole", async () => {
    await proxy.set("blackhole");
    const stalled = await slash("/moi", "UEN");
    expect(stalled.text).toContain(EN);
    expect(stalled.ms).toBeLessThan(PLATFORM_DEADLINE_MS);
    await proxy.set("forward");
    expect((await slash("/moi", "UEN")).text).not.toContain(EN);
  }, 30_000);

  it("answers a button click in time when the database black-holes, from a member never seen", async () => {
    const path = `/respond/outage-click-${++n}`;
    await proxy.set("blackhole");
    const started = Date.now();
    const clicked = await postToBot(
      bot,
      SLACK_SECRET,
      interaction(
        buttonClick({
          user: "UCLICK",
          channel: "C-GENERAL",
          responseUrl: `${slack.url}${path}`,
          value: encodeButton({ label: "Moi", command: "moi", args: {} }),
        }),
      ),
    );
    expect(clicked.status).toBe(200);
    const answer = await eventually(() => slack.responses.find((r) => r.path === path), 10_000);
    expect(Date.now() - started).toBeLessThan(PLATFORM_DEADLINE_MS);
    expect(JSON.stringify(answer.body)).toContain(FR);
    await proxy.set("forward");
  }, 30_000);

  it("answers at once when the database refuses connections, and works once it listens again", async () => {
    await proxy.set("refuse");
    const refused = await slash("/moi", "UREFUSED");
    expect(refused.text).toContain(FR);
    expect(refused.ms).toBeLessThan(PLATFORM_DEADLINE_MS);
    await proxy.set("forward");
    expect((await slash("/moi", "UREFUSED")).text).not.toContain(FR);
  }, 30_000);

  it("answers on Discord within the interaction's 3 seconds during a black hole and a refusal, then works again", async () => {
    expect((await interact("moi", "DKNOWN")).text).not.toContain(FR);
    await proxy.set("blackhole");
    const known = await interact("moi", "DKNOWN");
    const stranger = await interact("moi", "DNEW", "en-US");
    await proxy.set("refuse");
    const refused = await interact("moi", "DOTHER");
    await proxy.set("forward");
    const back = await interact("moi", "DKNOWN");
    expect(known.text).toContain(FR);
    expect(stranger.text).toContain(EN);
    expect(refused.text).toContain(FR);
    for (const answer of [known, stranger, refused]) expect(answer.ms).toBeLessThan(PLATFORM_DEADLINE_MS);
    expect(back.text).not.toContain(FR);
    expect(discord.rejected).toEqual([]);
  }, 40_000);

  it("says not ready on the Slack server's /readyz while the database black-holes, and ready again after", async () => {
    const readyz = async () => {
      const started = Date.now();
      const response = await fetch(`${bot}/readyz`);
      return { status: response.status, body: (await response.json()) as unknown, ms: Date.now() - started };
    };
    expect((await readyz()).status).toBe(200);
    await proxy.set("blackhole");
    const stalled = await readyz();
    expect(stalled.status).toBe(503);
    expect(stalled.body).toEqual({ status: "unavailable", reason: "database_unavailable" });
    expect(stalled.ms).toBeLessThan(READINESS_TIMEOUT_MS + 500);
    expect((await fetch(`${bot}/healthz`)).status).toBe(200);
    await proxy.set("forward");
    expect((await readyz()).status).toBe(200);
  }, 30_000);

  it("lets slow work finish on a database that answers, even with every pooled connection busy", async () => {
    const small = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")), { DB_POOL_SIZE: "2" });
    try {
      const sleep = () =>
        small.dispatcher.bounded(() => small.database.prisma.$queryRawUnsafe("SELECT 1 AS slept FROM pg_sleep(2)"));
      const started = Date.now();
      const done = await Promise.allSettled([sleep(), sleep(), sleep()]);
      expect(done.map((d) => d.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      // The third waited for a connection: past the 1.2 s check, on a database that answered it.
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    } finally {
      await small.close();
    }
  }, 30_000);

  it("skips a reminders tick while the database refuses, with an error logged, and runs the next one", async () => {
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    const clock = fixedClock(parisEight("2026-03-03"));
    const posts: PostedDigest[] = [];
    const delivery = new ReminderDelivery({
      db: app.database.prisma,
      clock,
      logger,
      i18n: app.i18n,
      ports: { slack: recordingReminderPort(posts) },
    });
    const scheduler = new ReminderScheduler(delivery, app.database.prisma, clock, logger);
    // The Slack territory exists since the first commands above.
    await proxy.set("refuse");
    expect(await scheduler.tick()).toEqual([]);
    expect(logged.join("")).toContain("reminders tick failed");
    await proxy.set("forward");
    const reports = await scheduler.tick();
    // The Slack territory runs; the Discord one has no port in this scheduler.
    expect(reports.map((r) => r.skipped ?? "ran").sort()).toEqual(["no_platform", "ran"]);
    const leases = await app.database.prisma.reminderDelivery.findMany({ where: { kind: "lease" } });
    expect(leases.map((l) => l.status)).toEqual(["sent"]);
  }, 30_000);
});

describe("SQLite locked by another connection", () => {
  let db: TestDatabase;
  let app: App;
  const admin = identity({ territoryExternalId: "T-LOCK", userExternalId: "ULOCK" });

  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")), { SQLITE_BUSY_TIMEOUT_MS: "600" });
    expect((await run(app, admin, "/config dispositif dalo DALO")).tone).not.toBe("error");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("says to try again while another connection holds the write lock, and writes once it is gone", async () => {
    const other = new BetterSqlite3(db.url.replace(/^file:/, ""));
    other.exec("BEGIN IMMEDIATE");
    try {
      // A lone statement waits the busy timeout; a transaction that read first is refused at once
      // (SQLite will not let it write past a newer commit): either way the member hears "try again".
      const started = Date.now();
      const lone = await app.database.prisma.$executeRawUnsafe(`UPDATE "Territory" SET "name" = "name"`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      expect(app.probe.isUnavailable(lone)).toBe(true);
      const before = Date.now();
      const locked = await run(app, admin, "/config quota dalo 2026 3");
      expect(Date.now() - before).toBeLessThan(PLATFORM_DEADLINE_MS);
      expect(cardText(locked)).toContain(FR);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await run(app, admin, "/config quota dalo 2026 3")).tone).toBe("success");
  });
});
