import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const withRelations = {
  household: true,
  dispositif: true,
  candidature: { select: { reference: true } },
  echeances: { orderBy: { dueDate: "asc" } },
  bilans: { orderBy: { createdAt: "asc" } },
} as const;
export type MesureRecord = Prisma.MesureGetPayload<{ include: typeof withRelations }>;

export class MesureRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<MesureRecord | null> {
    return this.db.mesure.findUnique({ where: { territoryId_reference: { territoryId, reference } }, include: withRelations });
  }

  findByCandidature(candidatureId: string) {
    return this.db.mesure.findUnique({ where: { candidatureId } });
  }

  create(data: Prisma.MesureUncheckedCreateInput) {
    return this.db.mesure.create({ data });
  }

  update(id: string, data: Prisma.MesureUncheckedUpdateInput) {
    return this.db.mesure.update({ where: { id }, data });
  }

  async createEcheances(rows: Prisma.EcheanceCreateManyInput[]): Promise<void> {
    if (rows.length > 0) await this.db.echeance.createMany({ data: rows });
  }

  async completeEcheance(id: string, at: Date): Promise<void> {
    await this.db.echeance.update({ where: { id }, data: { doneAt: at } });
  }

  async cancelEcheances(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length > 0) await this.db.echeance.updateMany({ where: { id: { in: [...ids] } }, data: { cancelledAt: at } });
  }

  async cancelPendingEcheances(mesureId: string, at: Date): Promise<void> {
    await this.db.echeance.updateMany({ where: { mesureId, doneAt: null, cancelledAt: null }, data: { cancelledAt: at } });
  }

  createBilan(data: Prisma.BilanUncheckedCreateInput) {
    return this.db.bilan.create({ data });
  }

  /** Pending échéances due on or before a date, soonest first, with what a list needs. */
  pendingEcheances(territoryId: string, until: string, limit: number) {
    return this.db.echeance.findMany({
      where: { territoryId, doneAt: null, cancelledAt: null, dueDate: { lte: until }, mesure: { status: "active" } },
      orderBy: [{ dueDate: "asc" }],
      take: limit,
      include: { mesure: { select: { reference: true, household: { select: { reference: true } }, dispositif: { select: { code: true, name: true } } } } },
    });
  }

  search(territoryId: string, prefix: string, limit: number) {
    return this.db.mesure.findMany({ where: { territoryId, reference: { startsWith: prefix } }, select: { reference: true, status: true }, orderBy: { reference: "desc" }, take: limit });
  }
}
