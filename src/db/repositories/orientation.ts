import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

/** Households, candidatures, mesures and what is due on them. */
export class OrientationRepository {
  constructor(private readonly db: TxClient) {}

  findHousehold(territoryId: string, reference: string) {
    return this.db.household.findUnique({ where: { territoryId_reference: { territoryId, reference } } });
  }

  createHousehold(data: Prisma.HouseholdUncheckedCreateInput) {
    return this.db.household.create({ data });
  }

  createCandidature(data: Prisma.CandidatureUncheckedCreateInput) {
    return this.db.candidature.create({ data });
  }

  createMesure(data: Prisma.MesureUncheckedCreateInput) {
    return this.db.mesure.create({ data });
  }

  async createEcheances(rows: Prisma.EcheanceCreateManyInput[]): Promise<void> {
    if (rows.length > 0) await this.db.echeance.createMany({ data: rows });
  }
}
