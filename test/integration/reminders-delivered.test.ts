import pino from "pino";
import { describe, expect, it } from "vitest";
import { type Clock, fixedClock } from "../../src/core/clock.ts";
import { I18n } from "../../src/core/i18n.ts";
import type { Database } from "../../src/db/client.ts";
import { inTransaction, readOnly } from "../../src/db/repositories/index.ts";
import { DIGEST_KIND } from "../../src/db/repositories/outbox.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { readSettings, reminderSettings } from "../../src/domain/settings.ts";
import { ReminderDelivery } from "../../src/reminders/delivery.ts";
import { planFor } from "../../src/reminders/planner.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import { generatedDatabaseFor, withGeneratedDatabase } from "../support/generated-database.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { parisEight, recordingReminderPort } from "../support/reminders.ts";

const START = "2026-11-23"; // a Monday

/** A delivery that posts to a recording stand-in and logs nothing. */
const quietDelivery = (prisma: Database["prisma"], clock: Clock) =>
  new ReminderDelivery({
    db: prisma,
    clock,
    logger: pino({ level: "silent" }),
    i18n: I18n.create(),
    ports: { slack: recordingReminderPort([]) },
  });

// The daily read visits only the échéances not settled yet (Echeance.recheck) and those whose due
// date gives a new reminder since the last posting day a run settled them. Checked against the full read, day after day, through every change
// that sends échéances back: the run must write exactly the reminders the full plan holds and the
// ledger lacks, nothing lost (a snooze that ended, new settings, a new channel, a new échéance, a
// row left waiting for its digest) and nothing more.
describeEachDatabase("the read of échéances whose reminder may have changed", (provider) => {
  const database = generatedDatabaseFor(provider, { mesures: 400, territories: 2, today: START, prefix: "k" });

  it("writes what the full read would, day after day, through settings, channels, snoozes and new échéances", async () => {
    const prisma = database().prisma;
    const clock = fixedClock(parisEight(START));
    const logger = pino({ level: "silent" });
    const delivery = quietDelivery(prisma, clock);
    const scheduler = new ReminderScheduler(delivery, prisma, clock, logger);
    const [first, second] = await prisma.territory.findMany({ orderBy: { externalId: "asc" } });
    if (!first || !second) throw new Error("two territories");
    // One territory runs every day, weekends included: its weekend runs post nothing and must not
    // lose Monday's reminders.
    await inTransaction(prisma, (repos) =>
      repos.territories.setSettings(second.id, { reminders: { cron: "0 8 * * *", overdueEveryDays: 2 } }),
    );
    let visited = 0;
    let weekendSubject = "";
    let snoozedEarly = "";
    let stored = 0;
    for (let d = 0; d < 16; d++) {
      const day = addDays(START, d);
      const at = parisEight(day);
      clock.set(at);
      if (d === 1) {
        // A reminder already posted, snoozed until the day after tomorrow: back then, under a new key.
        const posted = await prisma.reminderDelivery.findFirstOrThrow({
          where: { territoryId: first.id, kind: "bilan_soon", key: { contains: "lead-14" } },
        });
        await inTransaction(prisma, (repos) =>
          repos.reminders.snooze(first.id, "bilan_soon", posted.subjectRef, addDays(day, 2), "U1"),
        );
      }
      if (d === 1) {
        // A snooze placed before its reminder starts: the lead comes and goes unposted, and when the
        // snooze ends the reminder comes back under a new key, on no date of its own.
        const later = await prisma.echeance.findFirstOrThrow({
          where: {
            territoryId: first.id,
            kind: "bilan_6",
            doneAt: null,
            cancelledAt: null,
            dueDate: { gte: addDays(START, 18), lte: addDays(START, 22) },
          },
          include: { mesure: true },
        });
        snoozedEarly = `${later.mesure.reference}.b6.${later.dueDate.replace(/-/g, "")}`;
        await inTransaction(prisma, (repos) =>
          repos.reminders.snooze(first.id, "bilan_soon", snoozedEarly, addDays(START, 10), "U1"),
        );
      }
      if (d === 2)
        // Longer leads: échéances settled until their 14-day lead now have a 21-day one.
        await inTransaction(prisma, (repos) =>
          repos.territories.setSettings(first.id, { reminders: { bilanLeadDays: [21, 7, 2] } }),
        );
      if (d === 4)
        // A new channel: what is due is posted there too (a reminder's key names its channel).
        await inTransaction(prisma, (repos) => repos.channels.bind(first.id, "ccas", "C-ccas-new"));
      if (d === 5) {
        // A Saturday: a new échéance in the territory that runs every day, already inside its 14-day
        // lead. Nothing is posted today; Monday must post it (a run settles nothing on a weekend).
        const mesure = await prisma.mesure.findFirstOrThrow({ where: { territoryId: second.id, status: "active" } });
        await inTransaction(prisma, (repos) =>
          repos.mesures.createEcheances(
            [{ territoryId: second.id, mesureId: mesure.id, kind: "bilan_6", dueDate: addDays(day, 10) }],
            at,
          ),
        );
        weekendSubject = `${mesure.reference}.b6.${addDays(day, 10).replace(/-/g, "")}`;
      }
      if (d === 7) {
        // A new échéance of a running mesure, due in three days.
        const mesure = await prisma.mesure.findFirstOrThrow({ where: { territoryId: first.id, status: "active" } });
        await inTransaction(prisma, (repos) =>
          repos.mesures.createEcheances(
            [{ territoryId: first.id, mesureId: mesure.id, kind: "bilan_10", dueDate: addDays(day, 3) }],
            at,
          ),
        );
      }
      if (d === 8)
        // Ledger rows planned but not yet given to a digest: kept, and sent, if still due.
        await prisma.reminderDelivery.updateMany({
          where: { territoryId: first.id, kind: "suivi_overdue" },
          data: { status: "pending", digestId: null },
        });
      const territories = await prisma.territory.findMany();
      const full = await planFor(
        prisma,
        territories.map((t) => ({
          id: t.id,
          timezone: t.timezone,
          settings: reminderSettings(readSettings(t.settings)),
          readAll: true,
        })),
        at,
      );
      const bindings = new Map(
        (await prisma.channelBinding.findMany()).map((b) => [`${b.territoryId} ${b.purpose}`, b.channelId]),
      );
      const settled = new Set(
        (
          await prisma.reminderDelivery.findMany({
            where: { NOT: { status: "pending", digestId: null } },
            select: { territoryId: true, key: true },
          })
        ).map((r) => `${r.territoryId} ${r.key}`),
      );
      // What the full read says is due today and not yet in the ledger (bound channels only).
      const want = [...full.reminders]
        .flatMap(([id, reminders]) =>
          reminders.flatMap((r) => {
            const channel = bindings.get(`${id} ${r.purpose}`);
            return channel ? [`${id} ${r.key}@${channel}`] : [];
          }),
        )
        .filter((key) => !settled.has(key))
        .sort();
      const runsToday = new Set(
        territories
          .filter((t) => {
            const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
            return t.id === second.id || (weekday !== 0 && weekday !== 6);
          })
          .map((t) => t.id),
      );
      const expected = want.filter((key) => runsToday.has(key.split(" ")[0] ?? ""));
      const open = await prisma.echeance.count({ where: { doneAt: null, cancelledAt: null } });
      const read = await planFor(
        prisma,
        territories.map((t) => ({
          id: t.id,
          timezone: t.timezone,
          settings: reminderSettings(readSettings(t.settings)),
        })),
        at,
      );
      visited += [...read.echeances.values()].reduce((n, e) => n + e.length, 0);
      stored += open;

      await scheduler.tick();

      // Posted today: the rows carried by the digests whose outbox row was sent at this run.
      const digestsToday = await prisma.outboxMessage.findMany({
        where: { kind: DIGEST_KIND, state: "sent", sentAt: at },
        select: { territoryId: true, key: true },
      });
      const sentToday = (
        await prisma.reminderDelivery.findMany({
          where: {
            status: "in_digest",
            OR: digestsToday.map((m) => ({ territoryId: m.territoryId, digestId: m.key })),
          },
          select: { territoryId: true, key: true },
        })
      )
        .map((r) => `${r.territoryId} ${r.key}`)
        .sort();
      expect(sentToday, `day ${d} (${day})`).toEqual(expected);
      if (d === 3) expect(sentToday.some((key) => key.includes(":after-"))).toBe(true);
      if (d === 2) expect(sentToday.some((key) => key.includes(":lead-21"))).toBe(true);
      if (d === 4) expect(sentToday.filter((key) => key.endsWith("@C-ccas-new")).length).toBeGreaterThan(10);
      if (d === 7)
        expect(sentToday.some((key) => key.includes(`.b10.${addDays(day, 3).replace(/-/g, "")}`))).toBe(true);
      if (d === 7) expect(sentToday.some((key) => key.includes(`:${weekendSubject}:`))).toBe(true);
      if (d === 10)
        expect(sentToday.some((key) => key.includes(`:${snoozedEarly}:`) && key.includes(":after-"))).toBe(true);
      if (d === 8) expect(sentToday.some((key) => key.includes("suivi_overdue:"))).toBe(true);
    }
    // The point of it: on most days the read visits a small part of the open échéances.
    expect(visited).toBeLessThan(stored / 4);
  });
});

describeEachDatabase("putting off the next read of an échéance", (provider) => {
  const database = generatedDatabaseFor(provider, { mesures: 40, territories: 1, today: START, prefix: "p" });

  const unsettled = () =>
    database().prisma.echeance.count({ where: { doneAt: null, cancelledAt: null, recheck: { gt: "" } } });

  it("keeps a value written since it was read (another change sent it back)", async () => {
    const prisma = database().prisma;
    const [echeance] = await prisma.echeance.findMany({ where: { doneAt: null, cancelledAt: null }, take: 1 });
    if (!echeance) throw new Error("an open échéance");
    await inTransaction(prisma, (repos) =>
      repos.reminders.markRecheck([{ id: echeance.id, seen: "!an-older-value", settled: true }]),
    );
    expect((await prisma.echeance.findUniqueOrThrow({ where: { id: echeance.id } })).recheck).toBe(echeance.recheck);
    await inTransaction(prisma, (repos) =>
      repos.reminders.markRecheck([{ id: echeance.id, seen: echeance.recheck, settled: true }]),
    );
    expect((await prisma.echeance.findUniqueOrThrow({ where: { id: echeance.id } })).recheck).toBe("");
  });

  it("leaves settled for good an échéance closed since it was read", async () => {
    const prisma = database().prisma;
    const [echeance] = await prisma.echeance.findMany({ where: { doneAt: null, cancelledAt: null }, take: 1 });
    if (!echeance) throw new Error("an open échéance");
    // Read settled, then closed by a bilan before the run sends it back (its channel unbound, say).
    await prisma.echeance.update({ where: { id: echeance.id }, data: { recheck: "" } });
    await inTransaction(prisma, (repos) => repos.mesures.completeEcheance(echeance.id, new Date()));
    await inTransaction(prisma, (repos) =>
      repos.reminders.markRecheck([{ id: echeance.id, seen: "", settled: false }]),
    );
    expect((await prisma.echeance.findUniqueOrThrow({ where: { id: echeance.id } })).recheck).toBe("");
  });

  it("settles nothing when the settings changed between the plan and its transaction", async () => {
    const prisma = database().prisma;
    const clock = fixedClock(parisEight(START));
    const delivery = quietDelivery(prisma, clock);
    const [territory] = await readOnly(prisma).reminders.territories();
    if (!territory) throw new Error("a territory");
    await prisma.echeance.updateMany({ data: { recheck: "!" } });
    const open = await unsettled();
    // The run was handed the settings as they were; they changed before it wrote its plan.
    await delivery.run({ ...territory, settings: { reminders: { bilanLeadDays: [30] } } }, parisEight(START));
    expect(await prisma.reminderDelivery.count({ where: { kind: "bilan_soon" } })).toBeGreaterThan(0);
    expect(await unsettled()).toBe(open);
    // With the settings it read, the next run settles them.
    await delivery.run(territory, parisEight(addDays(START, 1)));
    expect(await unsettled()).toBe(0);
  });
});

describe("a run of an earlier slot, after a later day's run", () => {
  it("settles nothing: an échéance it finds with no reminder may have one on the later day", async () => {
    await withGeneratedDatabase(
      "sqlite",
      { mesures: 20, territories: 1, today: START, prefix: "e" },
      async ({ prisma }) => {
        const delivery = quietDelivery(prisma, fixedClock(parisEight(addDays(START, 9))));
        const [territory] = await readOnly(prisma).reminders.territories();
        if (!territory) throw new Error("a territory");
        const monday = addDays(START, 7);
        await delivery.run(territory, parisEight(addDays(monday, 1)));
        // A suivi due in eight days from Monday: nothing on Monday, "due" from Tuesday on.
        const mesure = await prisma.mesure.findFirstOrThrow({ where: { status: "active" } });
        await inTransaction(prisma, (repos) =>
          repos.mesures.createEcheances(
            [{ territoryId: territory.id, mesureId: mesure.id, kind: "suivi", dueDate: addDays(monday, 8) }],
            parisEight(addDays(monday, 1)),
          ),
        );
        // Monday's slot, caught up late (another instance's catch-up, say).
        await delivery.run(territory, parisEight(monday));
        await delivery.run(territory, parisEight(addDays(monday, 2)));
        const subject = `${mesure.reference}.s.${addDays(monday, 8).replace(/-/g, "")}`;
        expect(await prisma.reminderDelivery.count({ where: { kind: "suivi_due", subjectRef: subject } })).toBe(1);
      },
    );
  });
});

describe("échéances sent back to the read", () => {
  it("is every write that can change a reminder: settings, a channel, a snooze", async () => {
    await withGeneratedDatabase(
      "sqlite",
      { mesures: 20, territories: 1, today: START, prefix: "s" },
      async ({ prisma }) => {
        const territory = await prisma.territory.findFirstOrThrow();
        const reset = () => prisma.echeance.updateMany({ data: { recheck: "" } });
        const waiting = () =>
          prisma.echeance.count({ where: { recheck: { gt: "" }, doneAt: null, cancelledAt: null } });
        const open = await prisma.echeance.count({ where: { doneAt: null, cancelledAt: null } });
        await reset();
        await inTransaction(prisma, (repos) => repos.territories.setSettings(territory.id, { reminders: {} }));
        expect(await waiting()).toBe(open);
        await reset();
        await inTransaction(prisma, (repos) => repos.channels.bind(territory.id, "ccas", "C-other"));
        expect(await waiting()).toBe(open);
        await reset();
        const mesure = await prisma.mesure.findFirstOrThrow({ where: { status: "active" } });
        await inTransaction(prisma, (repos) =>
          repos.reminders.snooze(territory.id, "suivi_due", `${mesure.reference}.s.20261201`, "2026-12-05", "U1"),
        );
        const mine = await prisma.echeance.count({ where: { mesureId: mesure.id, doneAt: null, cancelledAt: null } });
        expect(mine).toBeGreaterThan(0);
        expect(await waiting()).toBe(mine);
      },
    );
  });
});
