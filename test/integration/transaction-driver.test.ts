import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sqltag as sql } from "@prisma/client/runtime/client";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { inTransaction } from "../../src/db/repositories/index.ts";
import { bulkRows, bulkRun, driverOf } from "../../src/db/transaction-driver.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

// Bulk statements inside a transaction go to the driver on the transaction's own connection: they
// must be part of it (committed and rolled back with what Prisma wrote) and write what Prisma would.
describeEachDatabase("bulk statements on the transaction's connection", (provider) => {
  let db: TestDatabase;
  let database: Database;
  let territoryId = "";
  const at = new Date("2026-11-24T07:00:00.123Z");
  beforeAll(async () => {
    db = await freshDatabase(provider);
    await migrate(db.url);
    database = await openDatabase(db.url);
    territoryId = (
      await database.prisma.territory.create({
        data: { platform: "slack", externalId: "T-driver", name: "T", locale: "fr", timezone: "Europe/Paris" },
      })
    ).id;
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  const insert = (key: string) =>
    sql`INSERT INTO "ReminderDelivery" ("id", "territoryId", "key", "kind", "subjectRef", "channelId", "status", "attempts", "createdAt")
        VALUES (${`id-${key}`}, ${territoryId}, ${key}, 'bilan_soon', 'M-1', 'C1', 'pending', 0, ${at}) RETURNING "key"`;
  const keys = async () =>
    (await database.prisma.reminderDelivery.findMany({ where: { territoryId }, orderBy: { key: "asc" } })).map(
      (r) => r.key,
    );

  it("takes the driver path inside a transaction, and only there", async () => {
    let inside: string | undefined;
    await inTransaction(database.prisma, async (repos) => {
      // The repositories' client is the transaction's: find it through one of them.
      const tx = (repos.reminders as unknown as { db: object }).db;
      inside = driverOf(tx)?.provider;
    });
    expect(inside).toBe(provider);
    expect(driverOf(database.prisma)).toBeUndefined();
  });

  it("commits what the driver and Prisma wrote together, with the same instants", async () => {
    await inTransaction(database.prisma, async (repos) => {
      const tx = (repos.reminders as unknown as { db: Parameters<typeof bulkRows>[0] }).db;
      const returned = await bulkRows(tx, insert("a-driver"));
      expect(returned).toEqual([{ key: "a-driver" }]);
      // The transaction's own reads through Prisma see the driver's row before the commit.
      expect(await repos.reminders.waiting([territoryId])).toHaveLength(1);
      await repos.reminders.noticeOnce(territoryId, "b-prisma", at);
    });
    expect(await keys()).toEqual(["a-driver", "notice:b-prisma"]);
    const row = await database.prisma.reminderDelivery.findFirstOrThrow({ where: { key: "a-driver" } });
    const prismaRow = await database.prisma.reminderDelivery.findFirstOrThrow({ where: { key: "notice:b-prisma" } });
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    expect(prismaRow.createdAt.toISOString()).toBe(at.toISOString());
  });

  it("rolls back what the driver wrote when the transaction fails", async () => {
    await expect(
      inTransaction(database.prisma, async (repos) => {
        const tx = (repos.reminders as unknown as { db: Parameters<typeof bulkRun>[0] }).db;
        await bulkRun(tx, insert("c-driver"));
        await repos.reminders.noticeOnce(territoryId, "d-prisma", at);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await keys()).toEqual(["a-driver", "notice:b-prisma"]);
  });

  it("refuses a statement once the transaction has ended", async () => {
    let tx: Parameters<typeof bulkRun>[0] | undefined;
    await inTransaction(database.prisma, async (repos) => {
      tx = (repos.reminders as unknown as { db: Parameters<typeof bulkRun>[0] }).db;
    });
    if (!tx) throw new Error("no transaction client");
    await expect(bulkRun(tx, insert("e-late"))).rejects.toThrow("transaction already closed");
    expect(await keys()).toEqual(["a-driver", "notice:b-prisma"]);
  });

  // pg queues a query sent while its connection is busy, but has deprecated it (pg 9 removes it):
  // a transaction's concurrent reads (a Promise.all) must reach its connection one at a time.
  if (provider === "postgresql")
    it("sends a transaction's concurrent statements to its connection one at a time", async () => {
      const query = pg.Client.prototype.query;
      let sentWhileBusy = 0;
      let sent = 0;
      // _activeQuery and _queryQueue are pg's own record of what the connection is doing.
      const patched = function (
        this: pg.Client & { _activeQuery?: unknown; _queryQueue?: unknown[] },
        ...args: unknown[]
      ) {
        sent++;
        if (this._activeQuery || (this._queryQueue?.length ?? 0) > 0) sentWhileBusy++;
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      };
      pg.Client.prototype.query = patched as typeof query;
      try {
        await inTransaction(database.prisma, async (repos) => {
          const tx = (repos.reminders as unknown as { db: Parameters<typeof bulkRows>[0] }).db;
          await Promise.all([
            repos.reminders.waiting([territoryId]),
            repos.reminders.notices(territoryId),
            repos.reminders.bindings([territoryId]),
            bulkRows(tx, insert("f-driver")),
            repos.reminders.noticeOnce(territoryId, "g-prisma", at),
          ]);
        });
      } finally {
        pg.Client.prototype.query = query;
      }
      expect(sent).toBeGreaterThanOrEqual(7);
      expect(sentWhileBusy).toBe(0);
      expect(await keys()).toEqual(["a-driver", "f-driver", "notice:b-prisma", "notice:g-prisma"]);
    });
});
