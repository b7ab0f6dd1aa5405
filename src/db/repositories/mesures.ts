import { z } from "zod";
import { sqltag as sql } from "@prisma/client/runtime/client";
import { echeanceOverdue } from "../../domain/mesure.ts";
import { startsSettled } from "../../domain/reminders.ts";
import type { TxClient } from "../client.ts";
import { readRows } from "../hot-reads.ts";
import { ECHEANCE_KINDS } from "../../domain/vocabulary.ts";

const DueRow = z.object({
  kind: z.enum(ECHEANCE_KINDS),
  dueDate: z.string(),
  mesureRef: z.string(),
  householdRef: z.string(),
  dispositifCode: z.string(),
  dispositifName: z.string(),
});
export type DueRow = z.infer<typeof DueRow>;
const count = z.union([z.bigint(), z.number(), z.string()]).transform(Number);
const PendingCount = z.object({ total: count, overdue: count });
import type { Prisma } from "../generated/sqlite/client.ts";

const withRelations = {
  household: true,
  dispositif: true,
  candidature: { select: { reference: true } },
  echeances: { orderBy: { dueDate: "asc" } },
  bilans: { orderBy: { createdAt: "asc" } },
} as const;
export type MesureRecord = Prisma.MesureGetPayload<{ include: typeof withRelations }>;

/**
 * What closing an échéance (done or cancelled) writes beside its date: settled for good, the
 * reminders never read it again, and PostgreSQL's statistics count as "to read" only the few open
 * échéances that are.
 */
const SETTLED_FOR_GOOD = { recheck: "" } as const;

export class MesureRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<MesureRecord | null> {
    return this.db.mesure.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: withRelations,
    });
  }

  /** A page of running mesures, by entry date, with the next thing due on each; and how many run. */
  async runningPage(territoryId: string, dispositifCode: string | undefined, skip: number, take: number) {
    const where = {
      territoryId,
      status: "active" as const,
      ...(dispositifCode ? { dispositif: { code: dispositifCode } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.mesure.findMany({
        where,
        orderBy: [{ entryDate: "asc" }, { reference: "asc" }],
        skip,
        take,
        select: {
          reference: true,
          entryDate: true,
          landlord: true,
          household: { select: { reference: true } },
          dispositif: { select: { code: true } },
          echeances: {
            where: { doneAt: null, cancelledAt: null },
            orderBy: { dueDate: "asc" },
            take: 1,
            select: { kind: true, dueDate: true },
          },
        },
      }),
      this.db.mesure.count({ where }),
    ]);
    return { rows, total };
  }

  /** A dispositif's running mesures with their échéances and the bilans that extended them. */
  running(dispositifId: string) {
    return this.db.mesure.findMany({
      where: { dispositifId, status: "active" },
      select: {
        id: true,
        territoryId: true,
        entryDate: true,
        plannedEndDate: true,
        echeances: { select: { id: true, kind: true, dueDate: true, doneAt: true, cancelledAt: true } },
        bilans: { where: { outcome: "prolonger" }, select: { heldOn: true }, orderBy: { heldOn: "desc" }, take: 1 },
      },
    });
  }

  create(data: Prisma.MesureUncheckedCreateInput) {
    return this.db.mesure.create({ data });
  }

  update(id: string, data: Prisma.MesureUncheckedUpdateInput) {
    return this.db.mesure.update({ where: { id }, data });
  }

  /**
   * Ends a mesure: its échéances still open are cancelled in the same step, so an open échéance
   * always belongs to a running mesure (the lists of bilans due count them without reading the
   * mesure; migration 20261202003300 made it true of older rows).
   */
  async end(
    id: string,
    data: { endDate: string; endReason: Prisma.MesureUncheckedUpdateInput["endReason"]; plannedEndDate?: string },
    at: Date,
  ) {
    await this.cancelPendingEcheances(id, at);
    return this.db.mesure.update({ where: { id }, data: { ...data, status: "terminee" } });
  }

  /**
   * New échéances; those closed already or due beyond any lead start settled (see
   * `startsSettled`), the others are read by the next reminders run.
   */
  async createEcheances(rows: Prisma.EcheanceCreateManyInput[], at: Date): Promise<void> {
    const closed = (row: Prisma.EcheanceCreateManyInput) => Boolean(row.doneAt ?? row.cancelledAt);
    if (rows.length > 0)
      await this.db.echeance.createMany({
        data: rows.map((row) =>
          startsSettled({ dueDate: row.dueDate, closed: closed(row) }, at) ? { ...row, recheck: "" } : row,
        ),
      });
  }

  async completeEcheance(id: string, at: Date): Promise<void> {
    await this.db.echeance.update({ where: { id }, data: { doneAt: at, ...SETTLED_FOR_GOOD } });
  }

  async cancelEcheances(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length > 0)
      await this.db.echeance.updateMany({
        where: { id: { in: [...ids] } },
        data: { cancelledAt: at, ...SETTLED_FOR_GOOD },
      });
  }

  async cancelPendingEcheances(mesureId: string, at: Date): Promise<void> {
    await this.db.echeance.updateMany({
      where: { mesureId, doneAt: null, cancelledAt: null },
      data: { cancelledAt: at, ...SETTLED_FOR_GOOD },
    });
  }

  createBilan(data: Prisma.BilanUncheckedCreateInput) {
    return this.db.bilan.create({ data });
  }

  /**
   * Pending échéances of running mesures due on or before `until`, soonest first, at most `limit`
   * with what a list needs, and the counts (all, and those before `today`). A list shorter than
   * `limit` is all there is and gives its own counts; only a full one has them counted, by a
   * second statement over the index alone (one statement holding both cost a third more on
   * SQLite, which builds the list apart and sorts it again).
   */
  async pendingEcheances(
    territoryId: string,
    until: string,
    today: string,
    limit: number,
  ): Promise<{ rows: DueRow[]; total: number; overdue: number }> {
    // No join on Mesure to keep running ones: an ended mesure has no open échéance (see `end`).
    const pending = sql`e."territoryId" = ${territoryId} AND e."doneAt" IS NULL AND e."cancelledAt" IS NULL AND e."dueDate" <= ${until}`;
    const listed = await readRows(
      this.db,
      sql`
      SELECT e."kind", e."dueDate", m."reference" AS "mesureRef", h."reference" AS "householdRef", d."code" AS "dispositifCode", d."name" AS "dispositifName"
      FROM "Echeance" e
        JOIN "Mesure" m ON m."id" = e."mesureId"
        JOIN "Household" h ON h."id" = m."householdId"
        JOIN "Dispositif" d ON d."id" = m."dispositifId"
      WHERE ${pending}
      ORDER BY e."dueDate" ASC, m."reference" ASC
      LIMIT ${limit}`,
    );
    const rows = listed.map((row) => DueRow.parse(row));
    const overdueListed = rows.filter((row) => echeanceOverdue(row.dueDate, today)).length;
    if (rows.length < limit) return { rows, total: rows.length, overdue: overdueListed };
    const counted = await readRows(
      this.db,
      sql`
      SELECT COUNT(*) AS "total", COALESCE(SUM(CASE WHEN e."dueDate" < ${today} THEN 1 ELSE 0 END), 0) AS "overdue"
      FROM "Echeance" e
      WHERE ${pending}`,
    );
    const counts = PendingCount.parse(counted[0]);
    // Counted just after the list: a bilan recorded in between must not make it count fewer than it shows.
    return { rows, total: Math.max(counts.total, rows.length), overdue: Math.max(counts.overdue, overdueListed) };
  }
}
