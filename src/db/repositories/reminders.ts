import type { TxClient } from "../client.ts";
import type { ReminderSnapshot } from "../../domain/reminders.ts";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export interface LedgerRow {
  id: string;
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

  /** Rows that can be due; instants are turned into calendar dates by the caller, in the territory's zone. */
  async snapshot(
    territoryId: string,
    q: { echeancesUntil: string; submittedBefore: Date; meetingsFrom: string; meetingsUntil: string; today: string; incompleteBefore: Date },
  ): Promise<Omit<ReminderSnapshot, "candidatures" | "claims"> & { candidatures: (Omit<ReminderSnapshot["candidatures"][number], "submittedOn"> & { submittedAt: Date })[]; claims: { reference: string; incompleteAt: Date }[] }> {
    const [echeances, candidatures, meetings, actions, advances, claims, snoozes] = await Promise.all([
      this.db.echeance.findMany({
        where: { territoryId, doneAt: null, cancelledAt: null, dueDate: { lte: q.echeancesUntil }, mesure: { status: "active" } },
        select: { id: true, kind: true, dueDate: true, mesure: { select: { reference: true, household: { select: { reference: true, follower: { select: { externalId: true } } } } } } },
      }),
      this.db.candidature.findMany({ where: { territoryId, status: "soumise", submittedAt: { lte: q.submittedBefore } }, select: { reference: true, submittedAt: true, submissionCount: true, household: { select: { reference: true } } } }),
      this.db.comiteMeeting.findMany({ where: { territoryId, date: { gte: q.meetingsFrom, lte: q.meetingsUntil } }, select: { date: true, time: true } }),
      this.db.situationAction.findMany({ where: { territoryId, doneAt: null, dueDate: { lt: q.today }, situation: { status: "ouverte" } }, select: { number: true, dueDate: true, owner: { select: { externalId: true } }, situation: { select: { reference: true } } } }),
      this.db.treasuryAdvance.findMany({ where: { territoryId, status: { in: ["demandee", "accordee", "versee"] }, expectedPaymentDate: { lt: q.today } }, select: { reference: true, expectedPaymentDate: true, requestedCents: true, grantedCents: true, disbursedCents: true, repaidCents: true } }),
      this.db.securisationClaim.findMany({ where: { territoryId, status: "incomplete", statusChangedAt: { lte: q.incompleteBefore } }, select: { reference: true, statusChangedAt: true } }),
      this.db.reminderSnooze.findMany({ where: { territoryId }, select: { kind: true, subjectRef: true, until: true } }),
    ]);
    return {
      echeances: echeances.map((e) => ({ id: e.id, kind: e.kind, dueDate: e.dueDate, mesureRef: e.mesure.reference, householdRef: e.mesure.household.reference, followerId: e.mesure.household.follower?.externalId ?? null })),
      candidatures: candidatures.map((c) => ({ reference: c.reference, householdRef: c.household.reference, submittedAt: c.submittedAt, submissionCount: c.submissionCount })),
      meetings,
      actions: actions.map((a) => ({ number: a.number, situationRef: a.situation.reference, ownerId: a.owner.externalId, dueDate: a.dueDate })),
      advances: advances.map((a) => ({ reference: a.reference, expectedPaymentDate: a.expectedPaymentDate, balanceCents: Math.max(0, (a.disbursedCents ?? a.grantedCents ?? a.requestedCents) - a.repaidCents) })),
      claims: claims.map((c) => ({ reference: c.reference, incompleteAt: c.statusChangedAt })),
      snoozes,
    };
  }

  /** Claims a scheduled slot for this territory; false when another run (or instance) has it. */
  async takeLease(territoryId: string, slot: string, at: Date): Promise<boolean> {
    try {
      await this.db.reminderDelivery.create({ data: { territoryId, key: `lease:${slot}`, kind: "lease", subjectRef: slot, channelId: "", status: "sent", sentAt: at, createdAt: at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async lastLease(territoryId: string): Promise<Date | null> {
    const row = await this.db.reminderDelivery.findFirst({ where: { territoryId, kind: "lease" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    return row?.createdAt ?? null;
  }

  /** Writes a ledger row per reminder before anything is sent; a key already there is left alone. */
  async record(territoryId: string, rows: { key: string; kind: string; subjectRef: string; channelId: string }[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const existing = new Set((await this.db.reminderDelivery.findMany({ where: { territoryId, key: { in: rows.map((r) => r.key) } }, select: { key: true } })).map((r) => r.key));
    for (const row of rows) {
      if (existing.has(row.key)) continue;
      try {
        await this.db.reminderDelivery.create({ data: { territoryId, ...row, createdAt: at } });
      } catch (error) {
        // Another instance wrote the same reminder a moment ago: it is in the ledger, which is the point.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  pending(territoryId: string): Promise<LedgerRow[]> {
    return this.db.reminderDelivery.findMany({ where: { territoryId, status: "pending" }, orderBy: { createdAt: "asc" } });
  }

  /** Takes rows for one digest: only rows nobody else has taken. Returns the rows taken. */
  async claim(territoryId: string, ids: readonly string[], digestId: string, channelId: string): Promise<LedgerRow[]> {
    await this.db.reminderDelivery.updateMany({ where: { territoryId, id: { in: [...ids] }, status: "pending", digestId: null }, data: { digestId, channelId } });
    return this.db.reminderDelivery.findMany({ where: { territoryId, digestId, status: "pending" } });
  }

  async markSent(territoryId: string, digestId: string, messageId: string, at: Date): Promise<void> {
    await this.db.reminderDelivery.updateMany({ where: { territoryId, digestId, status: "pending" }, data: { status: "sent", messageId, sentAt: at, attempts: { increment: 1 } } });
  }

  /** A failed send: the rows go back to waiting (retried next run) with the error, or are given up. */
  async release(territoryId: string, digestId: string, error: string, giveUp: boolean): Promise<void> {
    await this.db.reminderDelivery.updateMany({ where: { territoryId, digestId, status: "pending" }, data: { digestId: null, lastError: error.slice(0, 500), attempts: { increment: 1 }, ...(giveUp ? { status: "failed" } : {}) } });
  }

  async abandon(territoryId: string, ids: readonly string[], reason: string): Promise<void> {
    if (ids.length > 0) await this.db.reminderDelivery.updateMany({ where: { territoryId, id: { in: [...ids] }, status: "pending" }, data: { status: "abandoned", lastError: reason } });
  }

  /** Returns true the first time a notice is recorded (an admin is told once). */
  async noticeOnce(territoryId: string, key: string, at: Date): Promise<boolean> {
    try {
      await this.db.reminderDelivery.create({ data: { territoryId, key: `notice:${key}`, kind: "notice", subjectRef: key, channelId: "", status: "sent", sentAt: at, createdAt: at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  notices(territoryId: string) {
    return this.db.reminderDelivery.findMany({ where: { territoryId, kind: "notice" }, orderBy: { createdAt: "desc" }, take: 10, select: { subjectRef: true, createdAt: true } });
  }

  async snooze(territoryId: string, kind: string, subjectRef: string, until: string, by: string): Promise<void> {
    await this.db.reminderSnooze.upsert({ where: { territoryId_kind_subjectRef: { territoryId, kind, subjectRef } }, create: { territoryId, kind, subjectRef, until, createdById: by }, update: { until, createdById: by } });
  }

  territories() {
    return this.db.territory.findMany({ select: { id: true, platform: true, externalId: true, timezone: true, locale: true, settings: true } });
  }
}
