import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { I18n } from "../../src/core/i18n.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { readSettings, reminderSettings } from "../../src/domain/settings.ts";
import { ReminderDelivery } from "../../src/reminders/delivery.ts";
import { planFor } from "../../src/reminders/planner.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { parisEight, recordingReminderPort } from "../support/reminders.ts";

// The run's read skips, inside the database, the échéances whose reminder of the day is already
// in the ledger. It must plan exactly what the full plan holds minus the échéances the ledger
// settled: nothing lost (a snooze that ended, a row planned but not yet given to a digest).
describeEachDatabase("the read that skips delivered reminders", (provider) => {
  let db: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    await migrate(db.url);
    database = await openDatabase(db.url);
    await generateTerritorySet(database.prisma, { mesures: 400, territories: 2, today: "2026-11-23", prefix: "k" });
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  it("plans the full plan less what the ledger already settled, day after day", async () => {
    const prisma = database.prisma;
    const clock = fixedClock(parisEight("2026-11-23"));
    const logger = pino({ level: "silent" });
    const delivery = new ReminderDelivery({
      db: prisma,
      clock,
      logger,
      i18n: I18n.create(),
      ports: { slack: recordingReminderPort([]) },
    });
    const scheduler = new ReminderScheduler(delivery, prisma, clock, logger);
    const territories = await prisma.territory.findMany();
    const targets = territories.map((t) => ({
      id: t.id,
      timezone: t.timezone,
      settings: reminderSettings(readSettings(t.settings)),
    }));
    const bindings = new Map(
      (await prisma.channelBinding.findMany()).map((b) => [`${b.territoryId} ${b.purpose}`, b.channelId]),
    );
    const keysOf = (plans: Map<string, { key: string; purpose: string }[]>) =>
      [...plans].flatMap(([id, reminders]) =>
        reminders.map((r) => `${id} ${r.key}@${bindings.get(`${id} ${r.purpose}`) ?? "-"}`),
      );
    let skipped = 0;
    for (let d = 0; d < 5; d++) {
      const at = parisEight(addDays("2026-11-23", d));
      clock.set(at);
      if (d === 1) {
        // A reminder already posted, snoozed until tomorrow: back the day after, under a new key.
        const posted = await prisma.reminderDelivery.findFirstOrThrow({
          where: { kind: "bilan_soon", key: { contains: "lead-14" } },
        });
        await prisma.reminderSnooze.create({
          data: {
            territoryId: posted.territoryId,
            kind: posted.kind,
            subjectRef: posted.subjectRef,
            until: addDays("2026-11-23", 2),
            createdById: "U1",
          },
        });
      }
      if (d === 3) {
        // A ledger row planned but not yet given to a digest is kept, not read as delivered.
        await prisma.reminderDelivery.updateMany({
          where: { kind: "suivi_due" },
          data: { status: "pending", digestId: null },
        });
      }
      const settled = new Set(
        (
          await prisma.reminderDelivery.findMany({
            where: { NOT: { status: "pending", digestId: null } },
            select: { territoryId: true, key: true },
          })
        ).map((r) => `${r.territoryId} ${r.key}`),
      );
      const full = keysOf(await planFor(prisma, targets, at, false));
      const read = keysOf(await planFor(prisma, targets, at)).sort();
      // Only échéances are skipped in the read (the other kinds are few and read in full), and
      // not those with a snooze (read, and left to the planner).
      const snoozed = (await prisma.reminderSnooze.findMany()).map((s) => [`${s.territoryId} `, `:${s.subjectRef}:`]);
      const skippable = (key: string) =>
        /^\S+ (bilan|suivi)_/.test(key) &&
        !snoozed.some(([territory, subject]) => key.startsWith(territory ?? "") && key.includes(subject ?? ""));
      const want = full.filter((key) => !settled.has(key) || !skippable(key)).sort();
      expect(read).toEqual(want);
      if (d === 3) expect(read.some((key) => key.includes("suivi_due:"))).toBe(true);
      if (d === 2) expect(read.some((key) => key.includes(":after-"))).toBe(true);
      skipped += full.length - read.length;
      await scheduler.tick();
      if (d === 3) {
        // The rows left waiting went out in the day's digests (or were given up as no longer due).
        const left = await prisma.reminderDelivery.groupBy({
          by: ["status"],
          where: { kind: "suivi_due", digestId: null },
          _count: { _all: true },
        });
        expect(left.every((g) => g.status === "abandoned")).toBe(true);
        const sentToday = await prisma.reminderDelivery.count({
          where: { kind: "suivi_due", status: "sent", sentAt: { gte: at } },
        });
        expect(sentToday).toBeGreaterThan(0);
      }
    }
    expect(skipped).toBeGreaterThan(100);
  });
});
