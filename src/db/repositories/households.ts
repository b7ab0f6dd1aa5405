import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

export class HouseholdRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string) {
    return this.db.household.findUnique({ where: { territoryId_reference: { territoryId, reference } } });
  }

  create(data: Prisma.HouseholdUncheckedCreateInput) {
    return this.db.household.create({ data });
  }

  update(id: string, data: Prisma.HouseholdUncheckedUpdateInput) {
    return this.db.household.update({ where: { id }, data });
  }

  /** Any contact (a candidature, a bilan...) restarts the retention period. */
  async touch(id: string, at: Date): Promise<void> {
    await this.db.household.update({ where: { id }, data: { lastContactAt: at } });
  }
}
