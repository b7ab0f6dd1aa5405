import pino from "pino";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import type { App } from "../../src/app.ts";
import { card, readStoredCard, storeCard } from "../../src/core/card.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { readOnly } from "../../src/db/repositories/index.ts";
import { DIGEST_KIND } from "../../src/db/repositories/outbox.ts";
import { type LedgerEntry, ReminderRepository } from "../../src/db/repositories/reminders.ts";
import { OutboxSender, preparedKey } from "../../src/reminders/outbox-sender.ts";
import { identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { parisEight, type PostedDigest, recordingReminderPort, reminded, schedulerFor } from "../support/reminders.ts";

const admin = identity({ territoryExternalId: "T-P", userExternalId: "UADMIN" });
const staff = identity({ territoryExternalId: "T-P", userExternalId: "USTAFF", platformAdmin: false });

// A run draws its digests' cards while the database writes the ledger, and its sender posts the
// cards it drew rather than reading them back: what is posted must still be what was stored.
describeEachDatabase("digests drawn while the ledger is written", (provider) => {
  const clock = fixedClock(new Date("2026-11-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of ["/config role user:USTAFF finance", "/config canal finance C-FIN"])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    await run(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-11-05');
    await run(app, staff, '/avance demander 3000 "Subvention CAF" CAF 2026-11-06');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("posts the card it drew, which is the card its outbox row stores", async () => {
    const posts: PostedDigest[] = [];
    // The cards each drain is handed, as it starts (it lets each go once posted).
    const handed: string[][] = [];
    const drain = OutboxSender.prototype.drain;
    vi.spyOn(OutboxSender.prototype, "drain").mockImplementation(function (this: OutboxSender, territories, prepared) {
      handed.push([...(prepared?.keys() ?? [])]);
      return drain.call(this, territories, prepared);
    });
    clock.set(parisEight("2026-11-09"));
    await schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) }).tick();
    expect(reminded(posts)).toEqual(["advance_overdue AV-2026-001", "advance_overdue AV-2026-002"]);
    const stored = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { kind: DIGEST_KIND } });
    expect(posts[0]?.card).toEqual(readStoredCard(stored.payload));
    // The run hands the sender the card it drew for its digest.
    expect(handed[0]).toEqual([preparedKey(stored)]);
  });

  it("draws a digest again from what it holds when another run wrote one of its reminders first", async () => {
    const posts: PostedDigest[] = [];
    const record = ReminderRepository.prototype.record;
    // Another run writes the first reminder between the ledger's read and this run's write.
    vi.spyOn(ReminderRepository.prototype, "record").mockImplementation(async function (
      this: ReminderRepository,
      rows: readonly (LedgerEntry & { digestId: string })[],
      at: Date,
    ) {
      const [first] = rows;
      if (first) await record.call(this, [{ ...first, digestId: "autre-run" }], at);
      return record.call(this, rows, at);
    });
    clock.set(parisEight("2026-11-10"));
    const [report] = await schedulerFor(app, app.database, clock, { slack: recordingReminderPort(posts) }).tick();
    expect(report).toMatchObject({ planned: 2, messages: 1, sent: 1 });
    expect(reminded(posts)).toEqual(["advance_overdue AV-2026-002"]);
    const stored = await app.database.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: DIGEST_KIND, state: "sent" },
      orderBy: { createdAt: "desc" },
    });
    expect(posts[0]?.card).toEqual(readStoredCard(stored.payload));
    expect(
      await app.database.prisma.reminderDelivery.count({ where: { digestId: "autre-run", kind: "advance_overdue" } }),
    ).toBe(1);
  });
});

describeEachDatabase("the sender's cards drawn in this process", (provider) => {
  const clock = fixedClock(parisEight("2026-11-09"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    expect((await run(app, admin, "/config canal finance C-FIN")).tone).not.toBe("error");
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("are posted only for a row whose payload is the one they were stored as", async () => {
    const territory = await app.database.prisma.territory.findFirstOrThrow({ where: { externalId: "T-P" } });
    const titled = (title: string) => card(title, { visibility: "channel", lines: ["AV-2026-001"] });
    const message = (key: string) => ({
      territoryId: territory.id,
      key,
      kind: DIGEST_KIND,
      channelId: "C-FIN",
      payload: storeCard(titled(`${key} stocké`)),
    });
    await readOnly(app.database.prisma).outbox.plan([message("same"), message("other")], clock.now());
    const posts: PostedDigest[] = [];
    const sender = new OutboxSender({
      db: app.database.prisma,
      clock,
      logger: pino({ level: "silent" }),
      i18n: app.i18n,
      ports: { slack: recordingReminderPort(posts) },
    });
    const stored = await app.database.prisma.outboxMessage.findMany({ where: { territoryId: territory.id } });
    const payloadOf = (key: string) => stored.find((row) => row.key === key)?.payload ?? "";
    const prepared = new Map([
      // Drawn as stored: posted as drawn.
      [
        preparedKey({ territoryId: territory.id, key: "same" }),
        { payload: payloadOf("same"), card: titled("same dessiné") },
      ],
      // The row holds another payload (its key was already taken): the stored card is posted.
      [
        preparedKey({ territoryId: territory.id, key: "other" }),
        { payload: storeCard(titled("other dessiné")), card: titled("other dessiné") },
      ],
    ]);
    await sender.drain([{ id: territory.id, platform: "slack", locale: "fr" }], prepared);
    expect(posts.map((p) => p.card.title).sort()).toEqual(["other stocké", "same dessiné"]);
    // Each card is let go once posted.
    expect(prepared.size).toBe(0);
  });
});
