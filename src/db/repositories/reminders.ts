import { z } from "zod";
import type { TxClient } from "../client.ts";
import { ECHEANCE_KINDS } from "../../domain/vocabulary.ts";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import { newRowId } from "../row-ids.ts";

const EcheanceRow = z.object({
  id: z.string(),
  territoryId: z.string(),
  kind: z.enum(ECHEANCE_KINDS),
  dueDate: z.string(),
  mesureRef: z.string(),
  householdRef: z.string(),
  followerId: z.string().nullable(),
  recheck: z.string(),
});
const instant = z.coerce.date();
const count = z.coerce.number().int();
const CandidatureRow = z.object({
  territoryId: z.string(),
  reference: z.string(),
  submittedAt: instant,
  submissionCount: count,
  householdRef: z.string(),
});
const MeetingRow = z.object({ territoryId: z.string(), date: z.string(), time: z.string().nullable() });
const ActionRow = z.object({
  territoryId: z.string(),
  number: count,
  dueDate: z.string(),
  ownerId: z.string(),
  situationRef: z.string(),
});
const AdvanceRow = z.object({
  territoryId: z.string(),
  reference: z.string(),
  expectedPaymentDate: z.string(),
  disbursedCents: count.nullable(),
  repaidCents: count,
});
const ClaimRow = z.object({ territoryId: z.string(), reference: z.string(), statusChangedAt: instant });
const SnoozeRow = z.object({ territoryId: z.string(), kind: z.string(), subjectRef: z.string(), until: z.string() });
const Ledger = z.object({
  id: z.string(),
  territoryId: z.string(),
  key: z.string(),
  kind: z.string(),
  subjectRef: z.string(),
  channelId: z.string(),
  digestId: z.string().nullable(),
  status: z.enum(["pending", "in_digest", "sent", "failed", "abandoned"]),
  attempts: count,
  createdAt: instant,
});
const TerritoryIdRow = z.object({ territoryId: z.string() });
const LeaseRow = z.object({ territoryId: z.string(), subjectRef: z.string().datetime() });
const KeyRow = z.object({ territoryId: z.string(), key: z.string() });
const Id = z.object({ id: z.string() });
/** A lease's ledger key: "lease:" and its slot, an ISO instant, so the keys sort by slot. */
export const leaseKey = (slot: string) => `lease:${slot}`;
/** Above every lease's key (a slot's year has four digits): with a slot's key, a range of the index. */
const LEASE_KEYS_END = leaseKey("9999");
const DigestSize = z.object({ territoryId: z.string(), digestId: z.string(), reminders: count });
import {
  type DueDateRange,
  echeanceSubjectMesure,
  type ReminderKind,
  type ReminderSnapshot,
} from "../../domain/reminders.ts";
import { daysBetween } from "../../domain/calendar.ts";
import { recheckEcheances, recheckValue } from "./echeance-recheck.ts";
import { chunksOf, jsonRows } from "../json-rows.ts";
import { readRows } from "../hot-reads.ts";
import { bulkRows, bulkRun } from "../transaction-driver.ts";
import { isUniqueViolation } from "../unique-violation.ts";

/** Changed spans of due dates read in one statement at most (close ones are merged: reading more is safe). */
const RANGES_PER_READ = 16;

/** The spans, the closest two of the same kind merged until few enough remain (a merged span covers both). */
export function fewerRanges(ranges: readonly DueDateRange[], most = RANGES_PER_READ): DueDateRange[] {
  const merged = [...ranges].sort((a, b) => Number(a.suivi) - Number(b.suivi) || a.from.localeCompare(b.from));
  const gap = (i: number) => daysBetween(merged[i]!.to, merged[i + 1]!.from);
  while (merged.length > most) {
    let closest = -1;
    for (let i = 0; i + 1 < merged.length; i++)
      if (merged[i]!.suivi === merged[i + 1]!.suivi && (closest < 0 || gap(i) < gap(closest))) closest = i;
    if (closest < 0) break;
    const [first, second] = [merged[closest]!, merged[closest + 1]!];
    merged.splice(closest, 2, {
      suivi: first.suivi,
      from: first.from,
      to: first.to.localeCompare(second.to) < 0 ? second.to : first.to,
    });
  }
  return merged;
}

/** An échéance as read, with the `recheck` value seen (marking it settled expects it). */
export type EcheanceRead = ReminderSnapshot["echeances"][number] & { recheck: string };

/** Which open échéances a run reads. */
export type EcheanceSelection =
  /** Every one due by then. */
  | { until: string }
  /** Those not settled yet, and those due in these ranges (their reminder changed). */
  | { changed: readonly DueDateRange[] };

/** A snapshot as read, before instants are turned into the territory's calendar dates. */
export type RawSnapshot = Omit<ReminderSnapshot, "echeances" | "candidatures" | "claims"> & {
  echeances: EcheanceRead[];
  candidatures: (Omit<ReminderSnapshot["candidatures"][number], "submittedOn"> & { submittedAt: Date })[];
  claims: { reference: string; incompleteAt: Date }[];
};

/** A ledger row waiting to be given to a digest: what planning needs of it. */
export type WaitingRow = Pick<LedgerRow, "id" | "territoryId" | "key" | "channelId">;

/** A reminder to write in the ledger. */
export interface LedgerEntry {
  territoryId: string;
  key: string;
  kind: string;
  subjectRef: string;
  channelId: string;
}

export type LedgerRow = z.infer<typeof Ledger>;

/** What the planner reads (by index: only what can be due) and the delivery ledger. */
export class ReminderRepository {
  constructor(private readonly db: TxClient) {}

  /**
   * Rows that can be due, for many territories in one read per kind (grouped by territory after).
   * The windows are the widest any of them needs; the planner keeps what is due for each.
   * Instants are turned into calendar dates by the caller, in each territory's zone.
   */
  async snapshots(
    territoryIds: readonly string[],
    q: {
      echeances: EcheanceSelection;
      submittedBefore: Date;
      meetingsFrom: string;
      meetingsUntil: string;
      before: string;
      incompleteBefore: Date;
    },
  ): Promise<Map<string, RawSnapshot>> {
    // Plain SQL: Prisma's per-query and per-row costs were most of a run's reads.
    const ids = join([...territoryIds]);
    const [echeances, candidatures, meetings, actions, advances, claims, snoozes] = await Promise.all([
      this.echeances(territoryIds, q.echeances),
      this.db.$queryRaw<unknown[]>`
        SELECT c."territoryId", c."reference", c."submittedAt", c."submissionCount", h."reference" AS "householdRef"
        FROM "Candidature" c JOIN "Household" h ON h."id" = c."householdId"
        WHERE c."territoryId" IN (${ids}) AND c."status" = 'soumise' AND c."submittedAt" <= ${q.submittedBefore}`.then(
        (rows) => rows.map((row) => CandidatureRow.parse(row)),
      ),
      this.db.$queryRaw<unknown[]>`
        SELECT "territoryId", "date", "time" FROM "ComiteMeeting"
        WHERE "territoryId" IN (${ids}) AND "date" >= ${q.meetingsFrom} AND "date" <= ${q.meetingsUntil}`.then((rows) =>
        rows.map((row) => MeetingRow.parse(row)),
      ),
      this.db.$queryRaw<unknown[]>`
        SELECT a."territoryId", a."number", a."dueDate", o."externalId" AS "ownerId", s."reference" AS "situationRef"
        FROM "SituationAction" a JOIN "Situation" s ON s."id" = a."situationId" JOIN "Member" o ON o."id" = a."ownerId"
        WHERE a."territoryId" IN (${ids}) AND a."doneAt" IS NULL AND a."dueDate" < ${q.before} AND s."status" = 'ouverte'`.then(
        (rows) => rows.map((row) => ActionRow.parse(row)),
      ),
      this.db.$queryRaw<unknown[]>`
        SELECT "territoryId", "reference", "expectedPaymentDate", "disbursedCents", "repaidCents" FROM "TreasuryAdvance"
        WHERE "territoryId" IN (${ids}) AND "status" IN ('demandee', 'accordee', 'versee')
          AND "expectedPaymentDate" < ${q.before}`.then((rows) => rows.map((row) => AdvanceRow.parse(row))),
      this.db.$queryRaw<unknown[]>`
        SELECT "territoryId", "reference", "statusChangedAt" FROM "SecurisationClaim"
        WHERE "territoryId" IN (${ids}) AND "status" = 'incomplete' AND "statusChangedAt" <= ${q.incompleteBefore}`.then(
        (rows) => rows.map((row) => ClaimRow.parse(row)),
      ),
      this.snoozes(territoryIds),
    ]);
    const out = new Map<string, RawSnapshot>(
      territoryIds.map((id) => [
        id,
        { echeances: [], candidatures: [], meetings: [], actions: [], advances: [], claims: [], snoozes: [] },
      ]),
    );
    const of = (id: string) => out.get(id)!;
    for (const { territoryId: id, ...e } of echeances) of(id).echeances.push(e);
    for (const c of candidatures)
      of(c.territoryId).candidatures.push({
        reference: c.reference,
        householdRef: c.householdRef,
        submittedAt: c.submittedAt,
        submissionCount: c.submissionCount,
      });
    for (const m of meetings) of(m.territoryId).meetings.push({ date: m.date, time: m.time });
    for (const a of actions)
      of(a.territoryId).actions.push({
        number: a.number,
        situationRef: a.situationRef,
        ownerId: a.ownerId,
        dueDate: a.dueDate,
      });
    for (const a of advances)
      of(a.territoryId).advances.push({
        reference: a.reference,
        expectedPaymentDate: a.expectedPaymentDate,
        // Owed only once disbursed: a requested or granted advance owes nothing yet.
        balanceCents: a.disbursedCents === null ? 0 : a.disbursedCents - a.repaidCents,
      });
    for (const c of claims) of(c.territoryId).claims.push({ reference: c.reference, incompleteAt: c.statusChangedAt });
    for (const s of snoozes) of(s.territoryId).snoozes.push({ kind: s.kind, subjectRef: s.subjectRef, until: s.until });
    return out;
  }

  /**
   * The largest read of a run, in plain SQL (Prisma's nested selects cost far more per row): the
   * open échéances of running mesures, either all those due by a date, or those not settled yet
   * and those due on the dates whose reminder changed, each through an index search (on most days
   * a few thousand of a region's hundreds of thousands). The same SQL is the bench's floor
   * (test/bench/floor.ts).
   */
  private async echeances(territoryIds: readonly string[], which: EcheanceSelection) {
    const ids = join([...territoryIds]);
    const columns = sql`e."id", e."territoryId", e."kind", e."dueDate", e."recheck", m."reference" AS "mesureRef", h."reference" AS "householdRef", f."externalId" AS "followerId"`;
    const mesure = sql`JOIN "Mesure" m ON m."id" = e."mesureId" JOIN "Household" h ON h."id" = m."householdId" LEFT JOIN "Member" f ON f."id" = h."followerId"`;
    const open = sql`e."territoryId" IN (${ids}) AND e."doneAt" IS NULL AND e."cancelledAt" IS NULL`;
    // Outside a transaction (the planner's reads) they go straight to the driver, as hot reads do.
    // Dates only, no instants.
    const reads =
      "until" in which
        ? [
            readRows(
              this.db,
              sql`SELECT ${columns} FROM "Echeance" e ${mesure}
              WHERE ${open} AND e."dueDate" <= ${which.until} AND m."status" = 'active'`,
            ),
          ]
        : [
            readRows(
              this.db,
              sql`SELECT ${columns} FROM "Echeance" e ${mesure}
              WHERE ${open} AND e."recheck" > '' AND m."status" = 'active'`,
            ),
            // One index range per changed span of due dates (a join on a list of spans is planned as
            // a scan of every open échéance on PostgreSQL, an OR of them on SQLite), at most a few
            // (settings can make many short spans: close ones are read as one).
            which.changed.length === 0
              ? Promise.resolve([])
              : readRows(
                  this.db,
                  join(
                    fewerRanges(which.changed).map(
                      (r) => sql`SELECT ${columns} FROM "Echeance" e ${mesure}
                      WHERE ${open} AND e."dueDate" >= ${r.from} AND e."dueDate" <= ${r.to}
                        AND ${r.suivi ? sql`` : sql`NOT `}(CAST(e."kind" AS TEXT) = 'suivi') AND m."status" = 'active'`,
                    ),
                    " UNION ALL ",
                  ),
                ),
          ];
    // An échéance not settled yet and due in a changed span is read twice.
    const seen = new Set<string>();
    return (await Promise.all(reads))
      .flat()
      .map((row) => EcheanceRow.parse(row))
      .filter((e) => !seen.has(e.id) && seen.add(e.id));
  }

  /**
   * Marks échéances settled (read again only on a day their reminder changes) or sends them back
   * to the next run's read. One whose value changed since it was read (sent back by a change of
   * settings, channels or a snooze) keeps it, and one closed since (settled for good) stays so.
   */
  async markRecheck(rows: readonly { id: string; seen: string; settled: boolean }[]): Promise<void> {
    for (const chunk of chunksOf(rows))
      await bulkRun(
        this.db,
        sql`
        UPDATE "Echeance" SET "recheck" = j.value ->> 2
        FROM ${jsonRows(
          this.db,
          chunk.map((r) => [r.id, r.seen, r.settled ? "" : recheckValue()]),
        )} j
        WHERE "Echeance"."id" = j.value ->> 0 AND "Echeance"."recheck" = j.value ->> 1
          AND "Echeance"."doneAt" IS NULL AND "Echeance"."cancelledAt" IS NULL`,
      );
  }

  /** The territories' snoozes, as they are now. */
  async snoozes(territoryIds: readonly string[]) {
    if (territoryIds.length === 0) return [];
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT "territoryId", "kind", "subjectRef", "until" FROM "ReminderSnooze" WHERE "territoryId" IN (${join([...territoryIds])})`;
    return rows.map((row) => SnoozeRow.parse(row));
  }

  /**
   * The last posting day each territory's reminders were settled on: the latest lease finished
   * since `since` (a slot, as its lease names it) whose day `isPostingDay` accepts.
   */
  async finishedSlots(territoryIds: readonly string[], since: Date): Promise<{ territoryId: string; slot: Date }[]> {
    if (territoryIds.length === 0) return [];
    // Through the ledger's unique (territory, key) index, over the range of lease keys since then.
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT "territoryId", "subjectRef" FROM "ReminderDelivery"
      WHERE "territoryId" IN (${join([...territoryIds])}) AND "key" >= ${leaseKey(since.toISOString())} AND "key" <= ${LEASE_KEYS_END}
        AND "kind" = 'lease' AND "status" = 'sent'`;
    // The key's bounds hold in any collation (a year's digits after the same prefix); the date
    // is checked again here all the same.
    return rows
      .map((row) => {
        const { territoryId, subjectRef } = LeaseRow.parse(row);
        return { territoryId, slot: new Date(subjectRef) };
      })
      .filter((lease) => lease.slot >= since);
  }

  /**
   * Claims a scheduled slot for these territories, in one statement; returns those taken here
   * (not by another run or instance). A lease stays "pending" until the run's plan is written
   * (`finishLease`): a lease left pending was cut off while planning, and `staleLeases` hands it
   * to the next scheduler.
   */
  async takeLeases(territoryIds: readonly string[], slot: string, at: Date): Promise<Set<string>> {
    if (territoryIds.length === 0) return new Set();
    const rows: unknown[] = await this.db.$queryRaw`
      INSERT INTO "ReminderDelivery" ("id", "territoryId", "key", "kind", "subjectRef", "channelId", "status", "attempts", "createdAt")
      VALUES ${join(territoryIds.map((id) => sql`(${newRowId()}, ${id}, ${leaseKey(slot)}, 'lease', ${slot}, '', 'pending', 0, ${at})`))}
      ON CONFLICT ("territoryId", "key") DO NOTHING
      RETURNING "territoryId"`;
    return new Set(rows.map((row) => TerritoryIdRow.parse(row).territoryId));
  }

  async finishLease(territoryIds: readonly string[], slot: string, at: Date): Promise<void> {
    await this.db.reminderDelivery.updateMany({
      where: { territoryId: { in: [...territoryIds] }, key: leaseKey(slot), status: "pending" },
      data: { status: "sent", sentAt: at },
    });
  }

  /**
   * Hands back leases a stopping process took and did not plan: dated at the epoch, they are
   * stale at once and the next scheduler (another instance, or this one restarted) resumes them.
   */
  async releaseLeases(leases: readonly { territoryId: string; slot: string }[]): Promise<number> {
    let released = 0;
    for (const { territoryId, slot } of leases) {
      const { count } = await this.db.reminderDelivery.updateMany({
        where: { territoryId, key: leaseKey(slot), status: "pending" },
        data: { createdAt: new Date(0) },
      });
      released += count;
    }
    return released;
  }

  /**
   * These territories' leases whose run stopped before its plan was written (a crash, a restart).
   * Read at every tick: through the ledger's (territory, key) index, over the leases' keys only
   * (every lease key sorts between `leaseKey("0")` and LEASE_KEYS_END), not the whole ledger.
   */
  staleLeases(territoryIds: readonly string[], before: Date) {
    return this.db.reminderDelivery.findMany({
      where: {
        territoryId: { in: [...territoryIds] },
        key: { gte: leaseKey("0"), lte: LEASE_KEYS_END },
        kind: "lease",
        status: "pending",
        createdAt: { lt: before },
      },
      select: { id: true, territoryId: true, subjectRef: true, createdAt: true },
    });
  }

  /** Takes over a stale lease; false when another scheduler already did. */
  async takeOverLease(id: string, seen: Date, at: Date): Promise<boolean> {
    const { count } = await this.db.reminderDelivery.updateMany({
      where: { id, status: "pending", createdAt: seen },
      data: { createdAt: at },
    });
    return count === 1;
  }

  async lastLease(territoryId: string): Promise<Date | null> {
    const row = await this.db.reminderDelivery.findFirst({
      where: { territoryId, kind: "lease" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  /** The keys of these reminders already in the ledger, as "territoryId key". */
  async knownKeys(rows: readonly { territoryId: string; key: string }[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const chunk of chunksOf(rows)) {
      const found = await bulkRows(
        this.db,
        sql`
        SELECT d."territoryId", d."key" FROM ${jsonRows(
          this.db,
          chunk.map((r) => [r.territoryId, r.key]),
        )} j
          JOIN "ReminderDelivery" d ON d."territoryId" = j.value ->> 0 AND d."key" = j.value ->> 1`,
      );
      for (const row of found) {
        const { territoryId, key } = KeyRow.parse(row);
        known.add(`${territoryId} ${key}`);
      }
    }
    return known;
  }

  /**
   * Writes a ledger row per reminder before anything is sent, each with the digest that carries it
   * ("in_digest"); a key already there is left alone. Returns the keys written here, as
   * "territoryId key".
   */
  async record(rows: readonly (LedgerEntry & { digestId: string })[], at: Date): Promise<Set<string>> {
    const written = new Set<string>();
    // One parameter per statement (see jsonRows); `WHERE true` keeps SQLite from reading the
    // upsert's ON as a join's.
    for (const chunk of chunksOf(rows)) {
      const returned = await bulkRows(
        this.db,
        sql`
        INSERT INTO "ReminderDelivery" ("id", "territoryId", "key", "kind", "subjectRef", "channelId", "digestId", "status", "attempts", "createdAt")
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, 'in_digest', 0, ${at}
        FROM ${jsonRows(
          this.db,
          chunk.map((r) => [newRowId(), r.territoryId, r.key, r.kind, r.subjectRef, r.channelId, r.digestId]),
        )} j
        WHERE true
        ON CONFLICT ("territoryId", "key") DO NOTHING
        RETURNING "territoryId", "key"`,
      );
      for (const row of returned) {
        const { territoryId, key } = KeyRow.parse(row);
        written.add(`${territoryId} ${key}`);
      }
    }
    return written;
  }

  /** Ledger rows planned but not yet given to a digest (none after a plan is written). */
  async waiting(territoryIds: readonly string[]): Promise<LedgerRow[]> {
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT "id", "territoryId", "key", "kind", "subjectRef", "channelId", "digestId", "status", "attempts", "createdAt"
      FROM "ReminderDelivery"
      WHERE "territoryId" IN (${join([...territoryIds])}) AND "status" = 'pending' AND "digestId" IS NULL AND "kind" <> 'lease'
      ORDER BY "createdAt"`;
    return rows.map((row) => Ledger.parse(row));
  }

  /** Gives rows to their digests (outbox keys): only rows nobody else has taken. Returns the ids given. */
  async assignDigests(pairs: readonly { id: string; digestId: string }[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const chunk of chunksOf(pairs)) {
      const rows = await bulkRows(
        this.db,
        sql`
        UPDATE "ReminderDelivery" SET "digestId" = j.value ->> 1, "status" = 'in_digest'
        FROM ${jsonRows(
          this.db,
          chunk.map((p) => [p.id, p.digestId]),
        )} j
        WHERE "ReminderDelivery"."id" = j.value ->> 0 AND "ReminderDelivery"."status" = 'pending'
          AND "ReminderDelivery"."digestId" IS NULL
        RETURNING "ReminderDelivery"."id"`,
      );
      for (const row of rows) taken.add(Id.parse(row).id);
    }
    return taken;
  }

  /**
   * How many reminders each of these digests carries (its rows "in_digest"), in order: what a
   * digest's message delivered once its outbox row is sent. Each row is matched on its territory
   * and digest key (two territories may, rarely, draw the same key), through their index.
   */
  async digestSizes(digests: readonly { territoryId: string; digestId: string }[]): Promise<number[]> {
    const sizes = new Map<string, number>();
    for (const chunk of chunksOf(digests)) {
      const rows = await bulkRows(
        this.db,
        sql`
        SELECT d."territoryId", d."digestId", COUNT(*) AS "reminders"
        FROM ${jsonRows(
          this.db,
          chunk.map((d) => [d.territoryId, d.digestId]),
        )} j
          JOIN "ReminderDelivery" d ON d."territoryId" = j.value ->> 0 AND d."digestId" = j.value ->> 1
        WHERE d."status" = 'in_digest'
        GROUP BY d."territoryId", d."digestId"`,
      );
      for (const row of rows) {
        const { territoryId, digestId, reminders } = DigestSize.parse(row);
        sizes.set(`${territoryId} ${digestId}`, reminders);
      }
    }
    return digests.map((d) => sizes.get(`${d.territoryId} ${d.digestId}`) ?? 0);
  }

  /** The digest was given up (failed) or its channel is gone (abandoned); returns how many. */
  async closeDigest(
    territoryId: string,
    digestId: string,
    status: "failed" | "abandoned",
    error: string,
  ): Promise<number> {
    const { count } = await this.db.reminderDelivery.updateMany({
      where: { territoryId, digestId, status: { in: ["in_digest", "failed"] } },
      data: { status, lastError: error.slice(0, 500) },
    });
    return count;
  }

  /**
   * A digest given up and then taken back by an admin (sent again, or found posted after all):
   * its rows follow their digest's outbox row again.
   */
  async reopenDigest(territoryId: string, digestId: string): Promise<void> {
    await this.db.reminderDelivery.updateMany({
      where: { territoryId, digestId, status: "failed" },
      data: { status: "in_digest", lastError: null },
    });
  }

  async abandon(ids: readonly string[], reason: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.reminderDelivery.updateMany({
        where: { id: { in: ids.slice(i, i + 500) }, status: "pending" },
        data: { status: "abandoned", lastError: reason },
      });
    }
  }

  /** Returns true the first time a notice is recorded (an admin is told once). */
  async noticeOnce(territoryId: string, key: string, at: Date): Promise<boolean> {
    try {
      await this.db.reminderDelivery.create({
        data: {
          territoryId,
          key: `notice:${key}`,
          kind: "notice",
          subjectRef: key,
          channelId: "",
          status: "sent",
          sentAt: at,
          createdAt: at,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  notices(territoryId: string) {
    return this.db.reminderDelivery.findMany({
      where: { territoryId, kind: "notice" },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { subjectRef: true, createdAt: true },
    });
  }

  /** A snooze; an échéance's is read again at each run until it ends (then its reminder comes back under a new key). */
  async snooze(territoryId: string, kind: ReminderKind, subjectRef: string, until: string, by: string): Promise<void> {
    await this.db.reminderSnooze.upsert({
      where: { territoryId_kind_subjectRef: { territoryId, kind, subjectRef } },
      create: { territoryId, kind, subjectRef, until, createdById: by },
      update: { until, createdById: by },
    });
    const mesure = echeanceSubjectMesure(kind, subjectRef);
    if (mesure) await recheckEcheances(this.db, { mesure: { territoryId, reference: mesure } });
  }

  territories() {
    return this.db.territory.findMany({
      select: {
        id: true,
        platform: true,
        externalId: true,
        timezone: true,
        locale: true,
        settings: true,
        createdAt: true,
      },
    });
  }

  /** The territories' settings as stored. */
  settingsOf(territoryIds: readonly string[]) {
    return this.db.territory.findMany({
      where: { id: { in: [...territoryIds] } },
      select: { id: true, settings: true },
    });
  }

  /** Channels bound to each purpose, for many territories at once. */
  bindings(territoryIds: readonly string[]) {
    return this.db.channelBinding.findMany({
      where: { territoryId: { in: [...territoryIds] } },
      select: { territoryId: true, purpose: true, channelId: true },
    });
  }
}
