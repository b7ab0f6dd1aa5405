import { z } from "zod";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { TxClient } from "../client.ts";
import { publishedCardVersion } from "../../domain/outbox.ts";
import { chunksOf, jsonRows } from "../json-rows.ts";
import { bulkRows, bulkRun } from "../transaction-driver.ts";
import { isUniqueViolation } from "../unique-violation.ts";
import { newRowId } from "../row-ids.ts";

const Id = z.object({ id: z.string() });
const instant = z.coerce.date();
const Row = z.object({
  id: z.string(),
  territoryId: z.string(),
  key: z.string(),
  kind: z.string(),
  subject: z.string().nullable(),
  threadOf: z.string().nullable(),
  channelId: z.string(),
  payload: z.string(),
  state: z.enum(["planned", "sending", "sent", "uncertain", "failed"]),
  sendingSince: instant.nullable(),
  notBefore: instant.nullable(),
  attempts: z.coerce.number().int(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
});

export type OutboxState = "planned" | "sending" | "sent" | "uncertain" | "failed";

export interface OutboxRow {
  id: string;
  territoryId: string;
  key: string;
  kind: string;
  subject: string | null;
  channelId: string;
  threadOf: string | null;
  payload: string;
  state: OutboxState;
  sendingSince: Date | null;
  notBefore: Date | null;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface PlannedMessage {
  territoryId: string;
  key: string;
  kind: string;
  channelId: string;
  payload: string;
  subject?: string | null;
  threadOf?: string | null;
}

/** The outbox kind of a reminders digest: its ledger rows carry its key as their digestId. */
export const DIGEST_KIND = "digest";

/** The outbox kind of a card published for a record ("card.candidature"), and back. */
export const cardKind = (subjectKind: string) => `card.${subjectKind}`;

const CHUNK = 500;
const errorText = (error: string) => error.slice(0, 500);

/**
 * The outbox: one row per message before it is sent. Every transition is a conditional update on
 * the row's current state, so two workers (or two instances) can never both send one row, and
 * planning writes are plain multi-row inserts that need no transaction per message.
 */
export class OutboxRepository {
  constructor(private readonly db: TxClient) {}

  /** Writes planned messages; a key already in the outbox is left as it is. */
  async plan(rows: readonly PlannedMessage[], at: Date): Promise<void> {
    // One parameter per statement (see jsonRows); `WHERE true` keeps SQLite from reading the
    // upsert's ON as a join's.
    for (const chunk of chunksOf(rows, CHUNK)) {
      await bulkRun(
        this.db,
        sql`
        INSERT INTO "OutboxMessage" ("id", "territoryId", "key", "kind", "subject", "threadOf", "channelId", "payload", "state", "attempts", "createdAt")
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, 'planned', 0, ${at}
        FROM ${jsonRows(
          this.db,
          chunk.map((r) => [
            newRowId(),
            r.territoryId,
            r.key,
            r.kind,
            r.subject ?? null,
            r.threadOf ?? null,
            r.channelId,
            r.payload,
          ]),
        )} j
        WHERE true
        ON CONFLICT ("territoryId", "key") DO NOTHING`,
      );
    }
  }

  /**
   * Writes one planned message, or returns the row its key already has (the same card published
   * again: a retried action, a double click) with `created` false.
   */
  async planOnce(row: PlannedMessage, at: Date): Promise<{ row: OutboxRow; created: boolean }> {
    try {
      return { row: await this.db.outboxMessage.create({ data: { ...row, createdAt: at } }), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.byKey(row.territoryId, row.key);
      if (!existing) throw error;
      return { row: existing, created: false };
    }
  }

  /**
   * Plans one message inside the caller's transaction (the change that calls for it), leaving a
   * row its key already has. Read first rather than catching the unique violation: on PostgreSQL
   * a failed statement would abort the whole transaction.
   */
  async planInTransaction(row: PlannedMessage, at: Date): Promise<OutboxRow> {
    return (
      (await this.byKey(row.territoryId, row.key)) ??
      (await this.db.outboxMessage.create({ data: { ...row, createdAt: at } }))
    );
  }

  byKey(territoryId: string, key: string): Promise<OutboxRow | null> {
    return this.db.outboxMessage.findUnique({ where: { territoryId_key: { territoryId, key } } });
  }

  /**
   * Links a sent card to the record it stands for, so later events update it in place. Run before
   * the row is marked sent: a crash between the two leaves it "sending", and its reconciliation
   * links it again (the same values).
   */
  async linkSubject(row: Pick<OutboxRow, "territoryId" | "kind" | "subject" | "channelId" | "key">, messageId: string) {
    if (!row.subject) return;
    const where = { territoryId: row.territoryId, reference: row.subject };
    const data = { channelId: row.channelId, messageId };
    // A card of an earlier submission, found late, does not take the place of the current one.
    const submissionCount = publishedCardVersion(row.key) ?? undefined;
    if (row.kind === cardKind("candidature"))
      await this.db.candidature.updateMany({ where: { ...where, submissionCount }, data });
    else if (row.kind === cardKind("situation")) await this.db.situation.updateMany({ where, data });
    else if (row.kind === cardKind("claim")) await this.db.securisationClaim.updateMany({ where, data });
  }

  /** Planned rows whose time has come, oldest first, for these territories. */
  async due(territoryIds: readonly string[], now: Date, limit = 1000): Promise<OutboxRow[]> {
    const rows: unknown[] = await this.db.$queryRaw`
      SELECT "id", "territoryId", "key", "kind", "subject", "threadOf", "channelId", "payload", "state", "sendingSince", "notBefore", "attempts",
        "lastError", "messageId", "createdAt", "sentAt"
      FROM "OutboxMessage"
      WHERE "territoryId" IN (${join([...territoryIds])}) AND "state" = 'planned' AND ("notBefore" IS NULL OR "notBefore" <= ${now})
      ORDER BY "createdAt" LIMIT ${limit}`;
    return rows.map((row) => Row.parse(row));
  }

  /** Rows left "sending" since before `before`: their sender died or was cut off mid-send. */
  stale(territoryIds: readonly string[], before: Date): Promise<OutboxRow[]> {
    return this.db.outboxMessage.findMany({
      where: { territoryId: { in: [...territoryIds] }, state: "sending", sendingSince: { lt: before } },
      orderBy: { createdAt: "asc" },
    });
  }

  /**
   * planned → sending for many rows in one statement per chunk (the sender's posts of one moment,
   * each in its own channel); returns the ids taken here, not by another worker.
   */
  async claimMany(ids: readonly string[], at: Date): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: unknown[] = await this.db.$queryRaw`
        UPDATE "OutboxMessage" SET "state" = 'sending', "sendingSince" = ${at}, "attempts" = "attempts" + 1
        WHERE "id" IN (${join(ids.slice(i, i + CHUNK))}) AND "state" = 'planned'
        RETURNING "id"`;
      for (const row of rows) taken.add(Id.parse(row).id);
    }
    return taken;
  }

  /**
   * Many rows sent, each with its platform id, in one statement per chunk; returns the ids marked
   * here (a row another worker already marked is not counted twice).
   */
  async markSentMany(rows: readonly { id: string; messageId: string }[], at: Date): Promise<Set<string>> {
    const marked = new Set<string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const ids = join(
        chunk.map((r) => sql`WHEN ${r.id} THEN ${r.messageId}`),
        " ",
      );
      const updated = await bulkRows(
        this.db,
        sql`
        UPDATE "OutboxMessage"
        SET "state" = 'sent', "messageId" = CASE "id" ${ids} END, "sentAt" = ${at}, "lastError" = NULL, "notBefore" = NULL
        WHERE "id" IN (${join(chunk.map((r) => r.id))}) AND "state" IN ('sending', 'uncertain')
        RETURNING "id"`,
      );
      for (const row of updated) marked.add(Id.parse(row).id);
    }
    return marked;
  }

  /** Takes over a stale "sending" row to reconcile it; false when another worker already did. */
  async takeOver(id: string, seenSince: Date, at: Date): Promise<boolean> {
    const { count } = await this.db.outboxMessage.updateMany({
      where: { id, state: "sending", sendingSince: seenSince },
      data: { sendingSince: at },
    });
    return count === 1;
  }

  /** sending → planned again: the message is known not to be on the platform. */
  async retryLater(id: string, error: string, notBefore: Date): Promise<void> {
    await this.db.outboxMessage.updateMany({
      where: { id, state: "sending" },
      data: { state: "planned", lastError: errorText(error), notBefore, sendingSince: null },
    });
  }

  async markUncertain(id: string, error: string): Promise<void> {
    await this.db.outboxMessage.updateMany({
      where: { id, state: "sending" },
      data: { state: "uncertain", lastError: errorText(error) },
    });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.outboxMessage.updateMany({
      where: { id, state: { in: ["sending", "planned"] } },
      data: { state: "failed", lastError: errorText(error) },
    });
  }

  /** An admin's word on an uncertain row: it was posted after all, or it must be sent again. */
  async resolve(territoryId: string, key: string, posted: boolean, at: Date): Promise<OutboxRow | null> {
    const row = await this.db.outboxMessage.findUnique({ where: { territoryId_key: { territoryId, key } } });
    if (!row || (row.state !== "uncertain" && row.state !== "failed")) return null;
    const { count } = await this.db.outboxMessage.updateMany({
      where: { id: row.id, state: row.state },
      data: posted
        ? { state: "sent", sentAt: at, lastError: null }
        : { state: "planned", notBefore: null, sendingSince: null, attempts: 0 },
    });
    return count === 1 ? row : null;
  }

  /** How many rows in each state, and the ones a person must look at (uncertain, failed, late). */
  async status(territoryId: string, lateBefore: Date) {
    const [counts, attention] = await Promise.all([
      this.db.outboxMessage.groupBy({ by: ["state"], where: { territoryId }, _count: { _all: true } }),
      this.db.outboxMessage.findMany({
        where: {
          territoryId,
          OR: [{ state: { in: ["uncertain", "failed"] } }, { state: "planned", createdAt: { lt: lateBefore } }],
        },
        orderBy: { createdAt: "desc" },
        take: 15,
        select: {
          key: true,
          kind: true,
          channelId: true,
          state: true,
          createdAt: true,
          lastError: true,
          attempts: true,
        },
      }),
    ]);
    return {
      counts: Object.fromEntries(counts.map((c) => [c.state, c._count._all])) as Partial<Record<OutboxState, number>>,
      attention,
    };
  }
}
