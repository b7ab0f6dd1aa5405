import { z } from "zod";
import type { TxClient } from "../client.ts";
import { ECHEANCE_KINDS } from "../../domain/vocabulary.ts";
import { join, sqltag as sql } from "@prisma/client/runtime/client";

const EcheanceRow = z.object({
  id: z.string(),
  territoryId: z.string(),
  kind: z.enum(ECHEANCE_KINDS),
  dueDate: z.string(),
  mesureRef: z.string(),
  householdRef: z.string(),
  followerId: z.string().nullable(),
});
const LedgerKey = z.object({ territoryId: z.string(), key: z.string() });
const Assigned = z.object({ id: z.string(), digestId: z.string() });
import type { ReminderSnapshot } from "../../domain/reminders.ts";
import { isUniqueViolation } from "../unique-violation.ts";

/** A snapshot as read, before instants are turned into the territory's calendar dates. */
export type RawSnapshot = Omit<ReminderSnapshot, "candidatures" | "claims"> & {
  candidatures: (Omit<ReminderSnapshot["candidatures"][number], "submittedOn"> & { submittedAt: Date })[];
  claims: { reference: string; incompleteAt: Date }[];
};

export interface LedgerRow {
  id: string;
  territoryId: string;
  key: string;
  kind: string;
  subjectRef: string;
  channelId: string;
  digestId: string | null;
  status: "pending" | "sent" | "failed" | "abandoned";
  attempts: number;
  createdAt: Date;
}

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
      echeancesUntil: string;
      submittedBefore: Date;
      meetingsFrom: string;
      meetingsUntil: string;
      before: string;
      incompleteBefore: Date;
    },
  ): Promise<Map<string, RawSnapshot>> {
    const territoryId = { in: [...territoryIds] };
    const [echeances, candidatures, meetings, actions, advances, claims, snoozes] = await Promise.all([
      // The largest read of a run, in plain SQL: Prisma's nested selects cost far more per row.
      this.db.$queryRaw<unknown[]>`
        SELECT e."id", e."territoryId", e."kind", e."dueDate", m."reference" AS "mesureRef", h."reference" AS "householdRef", f."externalId" AS "followerId"
        FROM "Echeance" e
          JOIN "Mesure" m ON m."id" = e."mesureId"
          JOIN "Household" h ON h."id" = m."householdId"
          LEFT JOIN "Member" f ON f."id" = h."followerId"
        WHERE e."territoryId" IN (${join([...territoryIds])}) AND e."doneAt" IS NULL AND e."cancelledAt" IS NULL
          AND e."dueDate" <= ${q.echeancesUntil} AND m."status" = 'active'`.then((rows) =>
        rows.map((row) => EcheanceRow.parse(row)),
      ),
      this.db.candidature.findMany({
        where: { territoryId, status: "soumise", submittedAt: { lte: q.submittedBefore } },
        select: {
          territoryId: true,
          reference: true,
          submittedAt: true,
          submissionCount: true,
          household: { select: { reference: true } },
        },
      }),
      this.db.comiteMeeting.findMany({
        where: { territoryId, date: { gte: q.meetingsFrom, lte: q.meetingsUntil } },
        select: { territoryId: true, date: true, time: true },
      }),
      this.db.situationAction.findMany({
        where: { territoryId, doneAt: null, dueDate: { lt: q.before }, situation: { status: "ouverte" } },
        select: {
          territoryId: true,
          number: true,
          dueDate: true,
          owner: { select: { externalId: true } },
          situation: { select: { reference: true } },
        },
      }),
      this.db.treasuryAdvance.findMany({
        where: {
          territoryId,
          status: { in: ["demandee", "accordee", "versee"] },
          expectedPaymentDate: { lt: q.before },
        },
        select: {
          territoryId: true,
          reference: true,
          expectedPaymentDate: true,
          requestedCents: true,
          grantedCents: true,
          disbursedCents: true,
          repaidCents: true,
        },
      }),
      this.db.securisationClaim.findMany({
        where: { territoryId, status: "incomplete", statusChangedAt: { lte: q.incompleteBefore } },
        select: { territoryId: true, reference: true, statusChangedAt: true },
      }),
      this.db.reminderSnooze.findMany({
        where: { territoryId },
        select: { territoryId: true, kind: true, subjectRef: true, until: true },
      }),
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
        householdRef: c.household.reference,
        submittedAt: c.submittedAt,
        submissionCount: c.submissionCount,
      });
    for (const m of meetings) of(m.territoryId).meetings.push({ date: m.date, time: m.time });
    for (const a of actions)
      of(a.territoryId).actions.push({
        number: a.number,
        situationRef: a.situation.reference,
        ownerId: a.owner.externalId,
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
   * Claims a scheduled slot for this territory; false when another run (or instance) has it. The
   * lease stays "pending" until the run's plan is written (`finishLease`): a lease left pending
   * was cut off while planning, and `staleLeases` hands it to the next scheduler.
   */
  async takeLease(territoryId: string, slot: string, at: Date): Promise<boolean> {
    try {
      await this.db.reminderDelivery.create({
        data: {
          territoryId,
          key: `lease:${slot}`,
          kind: "lease",
          subjectRef: slot,
          channelId: "",
          status: "pending",
          createdAt: at,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async finishLease(territoryIds: readonly string[], slot: string, at: Date): Promise<void> {
    await this.db.reminderDelivery.updateMany({
      where: { territoryId: { in: [...territoryIds] }, key: `lease:${slot}`, status: "pending" },
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
        where: { territoryId, key: `lease:${slot}`, status: "pending" },
        data: { createdAt: new Date(0) },
      });
      released += count;
    }
    return released;
  }

  /** Leases whose run stopped before its plan was written (a crash, a restart). */
  staleLeases(before: Date) {
    return this.db.reminderDelivery.findMany({
      where: { kind: "lease", status: "pending", createdAt: { lt: before } },
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

  /** Writes a ledger row per reminder before anything is sent; a key already there is left alone. */
  async record(
    rows: { territoryId: string; key: string; kind: string; subjectRef: string; channelId: string }[],
    at: Date,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      // Which keys are already in the ledger: plain SQL on the (territoryId, key) unique index.
      const found: unknown[] = await this.db.$queryRaw`
        SELECT "territoryId", "key" FROM "ReminderDelivery"
        WHERE "territoryId" IN (${join([...new Set(chunk.map((r) => r.territoryId))])}) AND "key" IN (${join(chunk.map((r) => r.key))})`;
      const existing = new Set(found.map((row) => LedgerKey.parse(row)).map((r) => `${r.territoryId} ${r.key}`));
      const fresh = chunk
        .filter((r) => !existing.has(`${r.territoryId} ${r.key}`))
        .map((r) => ({ ...r, createdAt: at }));
      if (fresh.length > 0) await this.db.reminderDelivery.createMany({ data: fresh });
    }
  }

  /** Ledger rows planned but not yet given to a digest (none after a plan is written). */
  waiting(territoryIds: readonly string[]): Promise<LedgerRow[]> {
    return this.db.reminderDelivery.findMany({
      where: { territoryId: { in: [...territoryIds] }, status: "pending", digestId: null, kind: { not: "lease" } },
      orderBy: { createdAt: "asc" },
    });
  }

  /**
   * Gives rows to their digests (outbox keys) in one statement per chunk: only rows nobody else
   * has taken. Returns, per digest, the ids it took.
   */
  async assignDigests(pairs: readonly { id: string; digestId: string }[]): Promise<Map<string, string[]>> {
    const taken = new Map<string, string[]>();
    for (let i = 0; i < pairs.length; i += 500) {
      const chunk = pairs.slice(i, i + 500);
      const cases = join(
        chunk.map((p) => sql`WHEN ${p.id} THEN ${p.digestId}`),
        " ",
      );
      const rows: unknown[] = await this.db.$queryRaw`
        UPDATE "ReminderDelivery" SET "digestId" = CASE "id" ${cases} END
        WHERE "id" IN (${join(chunk.map((p) => p.id))}) AND "status" = 'pending' AND "digestId" IS NULL
        RETURNING "id", "digestId"`;
      for (const row of rows) {
        const { id, digestId } = Assigned.parse(row);
        taken.set(digestId, [...(taken.get(digestId) ?? []), id]);
      }
    }
    return taken;
  }

  /** The digest's reminders are on the platform; returns how many. */
  async markSent(territoryId: string, digestId: string, messageId: string, at: Date): Promise<number> {
    // Plain SQL: run once per message (see OutboxRepository.claim).
    return this.db.$executeRaw`
      UPDATE "ReminderDelivery"
      SET "status" = 'sent', "messageId" = ${messageId}, "sentAt" = ${at}, "attempts" = "attempts" + 1
      WHERE "territoryId" = ${territoryId} AND "digestId" = ${digestId} AND "status" = 'pending'`;
  }

  /** The digest was given up (failed) or its channel is gone (abandoned); returns how many. */
  async closeDigest(
    territoryId: string,
    digestId: string,
    status: "failed" | "abandoned",
    error: string,
  ): Promise<number> {
    const { count } = await this.db.reminderDelivery.updateMany({
      where: { territoryId, digestId, status: { in: ["pending", "failed"] } },
      data: { status, lastError: error.slice(0, 500) },
    });
    return count;
  }

  /** A digest an admin sent back to the outbox: its rows wait for it again. */
  async reopenDigest(territoryId: string, digestId: string): Promise<void> {
    await this.db.reminderDelivery.updateMany({
      where: { territoryId, digestId, status: "failed" },
      data: { status: "pending", lastError: null },
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

  async snooze(territoryId: string, kind: string, subjectRef: string, until: string, by: string): Promise<void> {
    await this.db.reminderSnooze.upsert({
      where: { territoryId_kind_subjectRef: { territoryId, kind, subjectRef } },
      create: { territoryId, kind, subjectRef, until, createdById: by },
      update: { until, createdById: by },
    });
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

  /** Channels bound to each purpose, for many territories at once. */
  bindings(territoryIds: readonly string[]) {
    return this.db.channelBinding.findMany({
      where: { territoryId: { in: [...territoryIds] } },
      select: { territoryId: true, purpose: true, channelId: true },
    });
  }
}
