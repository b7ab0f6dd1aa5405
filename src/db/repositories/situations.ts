import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const withHistory = {
  household: { select: { reference: true } },
  entries: { orderBy: { createdAt: "asc" } },
  actions: { orderBy: { number: "asc" }, include: { owner: { select: { externalId: true, displayName: true } } } },
} as const;
export type SituationRecord = Prisma.SituationGetPayload<{ include: typeof withHistory }>;

export class SituationRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<SituationRecord | null> {
    return this.db.situation.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: withHistory,
    });
  }

  create(data: Prisma.SituationUncheckedCreateInput) {
    return this.db.situation.create({ data });
  }

  update(id: string, data: Prisma.SituationUncheckedUpdateInput) {
    return this.db.situation.update({ where: { id }, data });
  }

  /** Closes only an open situation: two members closing at once cannot both succeed. */
  async close(id: string, data: Prisma.SituationUncheckedUpdateManyInput): Promise<boolean> {
    const { count } = await this.db.situation.updateMany({ where: { id, status: "ouverte" }, data });
    return count === 1;
  }

  list(territoryId: string, status: "ouverte" | "close" | undefined, limit: number): Promise<SituationRecord[]> {
    return this.db.situation.findMany({
      where: { territoryId, ...(status ? { status } : {}) },
      include: withHistory,
      orderBy: { createdAt: "asc" },
      take: limit,
    });
  }

  addEntry(data: Prisma.SituationEntryUncheckedCreateInput) {
    return this.db.situationEntry.create({ data });
  }

  addAction(data: Prisma.SituationActionUncheckedCreateInput) {
    return this.db.situationAction.create({ data });
  }

  findAction(territoryId: string, number: number) {
    return this.db.situationAction.findUnique({
      where: { territoryId_number: { territoryId, number } },
      include: { situation: { select: { reference: true, status: true } } },
    });
  }

  updateAction(id: string, data: Prisma.SituationActionUncheckedUpdateInput) {
    return this.db.situationAction.update({ where: { id }, data });
  }

  async closeOpenActions(situationId: string, by: string, at: Date): Promise<number> {
    const { count } = await this.db.situationAction.updateMany({
      where: { situationId, doneAt: null },
      data: { doneAt: at, doneById: by },
    });
    return count;
  }

  findMeeting(territoryId: string, date: string) {
    return this.db.comiteMeeting.findUnique({ where: { territoryId_date: { territoryId, date } } });
  }

  upsertMeeting(territoryId: string, date: string, time: string | null, createdById: string) {
    return this.db.comiteMeeting.upsert({
      where: { territoryId_date: { territoryId, date } },
      create: { territoryId, date, time, createdById },
      update: { time },
    });
  }

  /** The first meeting on or after a date. */
  nextMeeting(territoryId: string, from: string) {
    return this.db.comiteMeeting.findFirst({ where: { territoryId, date: { gte: from } }, orderBy: { date: "asc" } });
  }

  lastMeeting(territoryId: string, until: string) {
    return this.db.comiteMeeting.findFirst({ where: { territoryId, date: { lte: until } }, orderBy: { date: "desc" } });
  }
}
