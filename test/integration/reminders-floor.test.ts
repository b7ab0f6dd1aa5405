import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { outboxMarker } from "../../src/core/command.ts";
import { I18n } from "../../src/core/i18n.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { ReminderDelivery } from "../../src/reminders/delivery.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import { floorRun, rawConnection } from "../bench/floor.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { parisEight, type PostedDigest, recordingReminderPort, reminderStates } from "../support/reminders.ts";

// The set-based run must deliver exactly what the least work computes: the floor of the bench
// (raw reads, the pure planner, no framework) is the reference, day after day on the same data.
describeEachDatabase("the reminder run against its floor", (provider) => {
  let db: TestDatabase;
  let database: Database;
  const i18n = I18n.create();
  beforeAll(async () => {
    db = await freshDatabase(provider);
    await migrate(db.url);
    database = await openDatabase(db.url);
    await generateTerritorySet(database.prisma, { mesures: 600, territories: 3, today: "2026-11-23", prefix: "f" });
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  it("plans, records and posts the same reminders as the floor, and nothing twice", async () => {
    const clock = fixedClock(parisEight("2026-11-23"));
    const posts: PostedDigest[] = [];
    const logger = pino({ level: "silent" });
    const delivery = new ReminderDelivery({
      db: database.prisma,
      clock,
      logger,
      i18n,
      ports: { slack: recordingReminderPort(posts) },
    });
    const scheduler = new ReminderScheduler(delivery, database.prisma, clock, logger);
    const raw = await rawConnection(db.url);
    try {
      let compared = 0;
      for (let d = 0; d < 4; d++) {
        const at = parisEight(addDays("2026-11-23", d));
        clock.set(at);
        const floor = await floorRun(raw, at, i18n);
        const since = new Date(at.getTime() - 1);
        await scheduler.tick();
        const recorded = await database.prisma.reminderDelivery.findMany({
          where: { kind: { notIn: ["lease", "notice"] }, createdAt: { gt: since } },
          select: { territoryId: true, key: true },
        });
        const fresh = recorded.map((r) => `${r.territoryId} ${r.key}`).sort();
        // The floor plans every due reminder; the run records those not already in the ledger.
        expect(fresh.every((key) => floor.keys.includes(key))).toBe(true);
        if (d === 0) expect(fresh).toEqual(floor.keys);
        compared += floor.keys.length;
      }
      expect(compared).toBeGreaterThan(50);
      const ledger = { kind: { notIn: ["lease", "notice"] } };
      const states = await reminderStates(database.prisma, ledger);
      expect(states.length).toBeGreaterThan(50);
      expect(states.filter((state) => state !== "sent")).toEqual([]);
      // One post per digest, none twice.
      const digests = await database.prisma.outboxMessage.findMany({ select: { key: true, state: true } });
      expect(digests.every((d) => d.state === "sent")).toBe(true);
      expect(posts).toHaveLength(digests.length);
      expect(digests.every((d) => posts.filter((p) => p.text.includes(outboxMarker(d.key))).length === 1)).toBe(true);
    } finally {
      await raw.close();
    }
  });
});
