// The floor of a daily reminder run: the least work the run needs, with the raw driver and no
// framework. The same reads (what can be due, the channels, the snoozes, the ledger), the same
// pure planner and digest cards, then the same writes as set-based statements: the ledger rows,
// the digests' outbox rows, the échéances settled (or sent back), the marks after posting, the slot's lease. All inside one
// transaction that is rolled back, so the bot's own run of the same day starts from the same state.
import { randomBytes } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { DIGEST_ITEMS_PER_MESSAGE, digestCards } from "../../src/cards/digest.ts";
import { storeCard } from "../../src/core/card.ts";
import { outboxMarker } from "../../src/core/command.ts";
import type { I18n } from "../../src/core/i18n.ts";
import { postgresConnectionString, postgresSchema, sqlitePath } from "../../src/db/client.ts";
import { Lock } from "../../src/db/lock.ts";
import { fewerRanges, leaseKey } from "../../src/db/repositories/reminders.ts";
import { newRowId } from "../../src/db/row-ids.ts";
import { addDays, todayIn } from "../../src/domain/calendar.ts";
import {
  changedEcheanceDates,
  isPostingDay,
  planReminders,
  type Reminder,
  type ReminderSettings,
  type ReminderSnapshot,
  settledEcheances,
} from "../../src/domain/reminders.ts";
import { readSettings } from "../../src/domain/settings.ts";

type Row = Record<string, unknown>;

/** A raw connection: `?` placeholders (rewritten to $n for PostgreSQL), rows as plain objects. */
export interface RawConnection {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
  /** How an instant is written: SQLite keeps Prisma's ISO text, PostgreSQL a timestamp. */
  instant(date: Date): unknown;
  /** The function that reads rows sent as JSON (as the bot's transactions do). */
  jsonEach: "json_each" | "jsonb_each";
}

export async function rawConnection(url: string): Promise<RawConnection> {
  if (url.startsWith("file:")) {
    const db = new BetterSqlite3(sqlitePath(url));
    return {
      all: async (sql, params = []) => db.prepare(sql).all(...(params as never[])) as Row[],
      run: async (sql, params = []) => {
        db.prepare(sql).run(...(params as never[]));
      },
      close: async () => {
        db.close();
      },
      instant: (date) => date.toISOString().replace("Z", "+00:00"),
      jsonEach: "json_each",
    };
  }
  const client = new pg.Client({ connectionString: postgresConnectionString(url) });
  await client.connect();
  await client.query(`SET search_path TO "${postgresSchema(url)}"`);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  // One statement at a time, as the connection runs them anyway (pg has deprecated queueing them).
  const lock = new Lock();
  const query = (sql: string, params: unknown[]) => lock.exclusive(() => client.query(numbered(sql), params));
  return {
    all: async (sql, params = []) => (await query(sql, params)).rows as Row[],
    run: async (sql, params = []) => {
      await query(sql, params);
    },
    close: () => client.end(),
    instant: (date) => date,
    jsonEach: "jsonb_each",
  };
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const str = (v: unknown) => String(v);
const day = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const CHUNK = 500;
const JSON_CHUNK = 5000;
/** Rows as one JSON parameter, as the bot sends them (src/db/json-rows.ts). */
const jsonRows = (rows: readonly (readonly (string | null)[])[]) => JSON.stringify(Object.fromEntries(rows.entries()));

async function inChunks<T>(rows: readonly T[], size: number, work: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await work(rows.slice(i, i + size));
}

/** One daily run's worth of work at `at`, rolled back; returns how many reminders and messages it wrote. */
export async function floorRun(
  db: RawConnection,
  at: Date,
  i18n: I18n,
): Promise<{ reminders: number; messages: number; keys: string[] }> {
  await db.run("BEGIN");
  try {
    const territories = await db.all(`SELECT "id", "timezone", "locale", "settings" FROM "Territory"`);
    const ids = territories.map((t) => str(t.id));
    const settingsOf = new Map(
      ids.map((id, i) => [id, readSettings(parseSettings(territories[i]?.settings)).reminders]),
    );
    const slot = at.toISOString();
    // The slot's lease, one row per territory.
    await db.run(
      `INSERT INTO "ReminderDelivery" ("id", "territoryId", "key", "kind", "subjectRef", "channelId", "status", "attempts", "createdAt") VALUES ${ids
        .map(() => "(?, ?, ?, 'lease', ?, '', 'pending', 0, ?)")
        .join(", ")}`,
      ids.flatMap((id) => [newRowId(), id, leaseKey(slot), slot, db.instant(at)]),
    );
    const days = ids.map((id) => todayIn(str(territories.find((t) => t.id === id)?.timezone), at)).sort();
    const first = days[0] ?? "";
    const last = days.at(-1) ?? "";
    const settings = [...settingsOf.values()];
    const shortest = (pick: (s: (typeof settings)[number]) => number) => Math.min(...settings.map(pick));
    const inIds = marks(ids.length);
    const [echeances, candidatures, meetings, actions, advances, claims, snoozes, bindings] = await Promise.all([
      echeancesToRead(db, territories, settingsOf, at),
      db.all(
        `SELECT c."territoryId", c."reference", c."submittedAt", c."submissionCount", h."reference" AS "householdRef"
         FROM "Candidature" c JOIN "Household" h ON h."id" = c."householdId"
         WHERE c."territoryId" IN (${inIds}) AND c."status" = 'soumise' AND c."submittedAt" <= ?`,
        [...ids, db.instant(new Date(at.getTime() - (shortest((s) => s.candidatureWaitDays) - 1) * 86_400_000))],
      ),
      db.all(
        `SELECT "territoryId", "date", "time" FROM "ComiteMeeting" WHERE "territoryId" IN (${inIds}) AND "date" >= ? AND "date" <= ?`,
        [...ids, first, addDays(last, Math.max(...settings.map((s) => s.agendaDaysBefore)))],
      ),
      db.all(
        `SELECT a."territoryId", a."number", a."dueDate", o."externalId" AS "ownerId", s."reference" AS "situationRef"
         FROM "SituationAction" a JOIN "Situation" s ON s."id" = a."situationId" JOIN "Member" o ON o."id" = a."ownerId"
         WHERE a."territoryId" IN (${inIds}) AND a."doneAt" IS NULL AND a."dueDate" < ? AND s."status" = 'ouverte'`,
        [...ids, last],
      ),
      db.all(
        `SELECT * FROM "TreasuryAdvance" WHERE "territoryId" IN (${inIds}) AND "status" IN ('demandee', 'accordee', 'versee') AND "expectedPaymentDate" < ?`,
        [...ids, last],
      ),
      db.all(
        `SELECT "territoryId", "reference", "statusChangedAt" FROM "SecurisationClaim" WHERE "territoryId" IN (${inIds}) AND "status" = 'incomplete' AND "statusChangedAt" <= ?`,
        [...ids, db.instant(new Date(at.getTime() - (shortest((s) => s.claimIncompleteDays) - 1) * 86_400_000))],
      ),
      db.all(
        `SELECT "territoryId", "kind", "subjectRef", "until" FROM "ReminderSnooze" WHERE "territoryId" IN (${inIds})`,
        ids,
      ),
      db.all(
        `SELECT "territoryId", "purpose", "channelId" FROM "ChannelBinding" WHERE "territoryId" IN (${inIds})`,
        ids,
      ),
    ]);
    const channelOf = new Map(bindings.map((b) => [`${str(b.territoryId)} ${str(b.purpose)}`, str(b.channelId)]));
    const planned: { territoryId: string; key: string; reminder: Reminder; channelId: string }[] = [];
    const settled: (string | null)[][] = [];
    for (const territory of territories) {
      const id = str(territory.id);
      const zone = str(territory.timezone);
      const mine = <T extends Row>(rows: T[]) => rows.filter((r) => r.territoryId === id);
      const snapshot: ReminderSnapshot = {
        echeances: mine(echeances).map((e) => ({
          id: str(e.id),
          kind: e.kind as ReminderSnapshot["echeances"][number]["kind"],
          dueDate: str(e.dueDate),
          mesureRef: str(e.mesureRef),
          householdRef: str(e.householdRef),
          followerId: e.followerId === null ? null : str(e.followerId),
        })),
        candidatures: mine(candidatures).map((c) => ({
          reference: str(c.reference),
          householdRef: str(c.householdRef),
          submittedOn: todayIn(zone, day(c.submittedAt)),
          submissionCount: Number(c.submissionCount),
        })),
        meetings: mine(meetings).map((m) => ({ date: str(m.date), time: m.time === null ? null : str(m.time) })),
        actions: mine(actions).map((a) => ({
          number: Number(a.number),
          situationRef: str(a.situationRef),
          ownerId: str(a.ownerId),
          dueDate: str(a.dueDate),
        })),
        advances: mine(advances).map((a) => ({
          reference: str(a.reference),
          expectedPaymentDate: str(a.expectedPaymentDate),
          balanceCents:
            Number(a.disbursedCents ?? a.grantedCents ?? a.requestedCents ?? 0) - Number(a.repaidCents ?? 0),
        })),
        claims: mine(claims).map((c) => ({
          reference: str(c.reference),
          incompleteSince: todayIn(zone, day(c.statusChangedAt)),
        })),
        snoozes: mine(snoozes).map((s) => ({ kind: str(s.kind), subjectRef: str(s.subjectRef), until: str(s.until) })),
      } as ReminderSnapshot;
      const settingsFor = settingsOf.get(id);
      if (!settingsFor) continue;
      const recorded = new Set<string>();
      for (const reminder of planReminders(snapshot, todayIn(zone, at), settingsFor)) {
        const channelId = channelOf.get(`${id} ${reminder.purpose}`);
        if (!channelId) continue;
        planned.push({ territoryId: id, key: `${reminder.key}@${channelId}`, reminder, channelId });
        recorded.add(reminder.subjectRef);
      }
      const today = todayIn(zone, at);
      const running = new Set(snapshot.snoozes.filter((s) => s.until > today).map((s) => s.subjectRef));
      const settles = settledEcheances(
        snapshot.echeances,
        today,
        settingsFor,
        (subject) => recorded.has(subject),
        (subject) => running.has(subject),
      );
      for (const e of mine(echeances)) {
        const settledNow = settles.has(str(e.id));
        if (settledNow !== (str(e.recheck) === ""))
          settled.push([str(e.id), str(e.recheck), settledNow ? "" : `!${randomBytes(8).toString("hex")}`]);
      }
    }
    // Only new keys reach the ledger (a reminder already there is not posted again); each row is
    // written with its digest, the rows travelling as one JSON parameter.
    const now = db.instant(at);
    const known = new Set<string>();
    await inChunks(planned, JSON_CHUNK, async (chunk) => {
      for (const row of await db.all(
        `SELECT d."territoryId", d."key" FROM ${db.jsonEach}(?) j
           JOIN "ReminderDelivery" d ON d."territoryId" = j.value ->> 0 AND d."key" = j.value ->> 1`,
        [jsonRows(chunk.map((p) => [p.territoryId, p.key]))],
      ))
        known.add(`${str(row.territoryId)} ${str(row.key)}`);
    });
    const groups = new Map<string, typeof planned>();
    for (const p of planned) {
      if (known.has(`${p.territoryId} ${p.key}`)) continue;
      const group = `${p.territoryId} ${p.channelId}`;
      const members = groups.get(group);
      if (members) members.push(p);
      else groups.set(group, [p]);
    }
    const digests: { territoryId: string; channelId: string; key: string; payload: string }[] = [];
    const ledger: (string | null)[][] = [];
    const t = i18n.translator("fr");
    for (const rows of groups.values()) {
      for (let i = 0; i < rows.length; i += DIGEST_ITEMS_PER_MESSAGE) {
        const part = rows.slice(i, i + DIGEST_ITEMS_PER_MESSAGE);
        const head = part[0];
        if (!head) continue;
        const key = randomBytes(8).toString("hex");
        const [card] = digestCards(
          part.map((p) => p.reminder),
          head.reminder.purpose,
          outboxMarker(key),
          t,
          "fr",
        );
        if (!card) continue;
        for (const p of part)
          ledger.push([newRowId(), p.territoryId, p.key, p.reminder.kind, p.reminder.subjectRef, p.channelId, key]);
        digests.push({ territoryId: head.territoryId, channelId: head.channelId, key, payload: storeCard(card) });
      }
    }
    await inChunks(ledger, JSON_CHUNK, (chunk) =>
      db.run(
        `INSERT INTO "ReminderDelivery" ("id", "territoryId", "key", "kind", "subjectRef", "channelId", "digestId", "status", "attempts", "createdAt")
         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, 'in_digest', 0, ?
         FROM ${db.jsonEach}(?) j WHERE true ON CONFLICT ("territoryId", "key") DO NOTHING`,
        [now, jsonRows(chunk)],
      ),
    );
    await inChunks(digests, CHUNK, (chunk) =>
      db.run(
        `INSERT INTO "OutboxMessage" ("id", "territoryId", "key", "kind", "channelId", "payload", "state", "attempts", "createdAt")
         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, 'digest', j.value ->> 3, j.value ->> 4, 'planned', 0, ?
         FROM ${db.jsonEach}(?) j`,
        [now, jsonRows(chunk.map((d) => [newRowId(), d.territoryId, d.key, d.channelId, d.payload]))],
      ),
    );
    await inChunks(settled, JSON_CHUNK, (chunk) =>
      db.run(
        `UPDATE "Echeance" SET "recheck" = j.value ->> 2 FROM ${db.jsonEach}(?) j
         WHERE "Echeance"."id" = j.value ->> 0 AND "Echeance"."recheck" = j.value ->> 1
           AND "Echeance"."doneAt" IS NULL AND "Echeance"."cancelledAt" IS NULL`,
        [jsonRows(chunk)],
      ),
    );
    await db.run(`UPDATE "ReminderDelivery" SET "status" = 'sent' WHERE "kind" = 'lease' AND "key" = ?`, [
      leaseKey(slot),
    ]);
    // Posted (to no platform: the floor counts the database's part), then marked sent: the
    // digests' outbox rows (their reminders' ledger rows follow them).
    await inChunks(digests, CHUNK, async (chunk) => {
      const keys = chunk.map((d) => d.key);
      await db.run(
        `UPDATE "OutboxMessage" SET "state" = 'sent', "sentAt" = ?, "messageId" = "key", "attempts" = "attempts" + 1 WHERE "key" IN (${marks(keys.length)})`,
        [now, ...keys],
      );
    });
    return {
      reminders: planned.length,
      messages: digests.length,
      keys: planned.map((p) => `${p.territoryId} ${p.key}`).sort(),
    };
  } finally {
    await db.run("ROLLBACK");
  }
}

/**
 * The échéances not settled yet and those due on the dates whose reminder changed since the last
 * posting day a run finished (its lease): one pair of reads per group of territories on the same
 * day, with the same settings and the same last run (the same SQL as the bot's read,
 * ReminderRepository.echeances).
 */
async function echeancesToRead(
  db: RawConnection,
  territories: Row[],
  settingsOf: Map<string, ReminderSettings>,
  at: Date,
): Promise<Row[]> {
  const ids = territories.map((t) => str(t.id));
  const leases = await db.all(
    `SELECT "territoryId", "subjectRef" FROM "ReminderDelivery"
     WHERE "territoryId" IN (${marks(ids.length)}) AND "key" >= ? AND "key" < 'lease;' AND "status" = 'sent'`,
    [...ids, leaseKey(new Date(at.getTime() - 14 * 86_400_000).toISOString())],
  );
  const groups = new Map<string, { today: string; since: string | null; settings: ReminderSettings; ids: string[] }>();
  for (const territory of territories) {
    const id = str(territory.id);
    const settings = settingsOf.get(id);
    if (!settings) continue;
    const zone = str(territory.timezone);
    const today = todayIn(zone, at);
    const since =
      leases
        .filter((l) => l.territoryId === id)
        .map((l) => todayIn(zone, new Date(str(l.subjectRef))))
        .filter((day) => day <= today && isPostingDay(day, settings))
        .sort()
        .at(-1) ?? null;
    const group = `${today} ${since} ${JSON.stringify(settings)}`;
    const entry = groups.get(group) ?? { today, since, settings, ids: [] };
    entry.ids.push(id);
    groups.set(group, entry);
  }
  const columns = `e."id", e."territoryId", e."kind", e."dueDate", e."recheck", m."reference" AS "mesureRef", h."reference" AS "householdRef", f."externalId" AS "followerId"`;
  const mesure = `JOIN "Mesure" m ON m."id" = e."mesureId" JOIN "Household" h ON h."id" = m."householdId" LEFT JOIN "Member" f ON f."id" = h."followerId"`;
  let rows: Row[] = [];
  for (const { today, since, settings, ids: group } of groups.values()) {
    const open = `e."territoryId" IN (${marks(group.length)}) AND e."doneAt" IS NULL AND e."cancelledAt" IS NULL`;
    rows = rows.concat(
      await db.all(
        `SELECT ${columns} FROM "Echeance" e ${mesure} WHERE ${open} AND e."recheck" > '' AND m."status" = 'active'`,
        group,
      ),
    );
    const changed = changedEcheanceDates(since, today, settings);
    if (changed.length === 0) continue;
    rows = rows.concat(
      await db.all(
        fewerRanges(changed)
          .map(
            (r) => `SELECT ${columns} FROM "Echeance" e ${mesure}
            WHERE ${open} AND e."dueDate" >= ? AND e."dueDate" <= ? AND ${r.suivi ? "" : "NOT "}(CAST(e."kind" AS TEXT) = 'suivi') AND m."status" = 'active'`,
          )
          .join(" UNION ALL "),
        fewerRanges(changed).flatMap((r) => [...group, r.from, r.to]),
      ),
    );
  }
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(str(row.id)) && seen.add(str(row.id)));
}

function parseSettings(value: unknown): unknown {
  if (typeof value !== "string") return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}
