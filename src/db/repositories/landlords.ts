import type { TxClient } from "../client.ts";

export interface LandlordRow {
  id: string;
  name: string;
  parc: "public" | "prive";
  active: boolean;
}

const select = { id: true, name: true, parc: true, active: true } as const;

/** The territory's list of landlords. */
export class LandlordRepository {
  constructor(private readonly db: TxClient) {}

  list(territoryId: string, includeRemoved = false): Promise<LandlordRow[]> {
    return this.db.landlord.findMany({
      where: { territoryId, ...(includeRemoved ? {} : { active: true }) },
      select,
      orderBy: { name: "asc" },
    });
  }

  create(territoryId: string, name: string, parc: "public" | "prive"): Promise<LandlordRow> {
    return this.db.landlord.create({ data: { territoryId, name, parc }, select });
  }

  setActive(id: string, active: boolean, parc?: "public" | "prive"): Promise<LandlordRow> {
    return this.db.landlord.update({ where: { id }, data: { active, ...(parc ? { parc } : {}) }, select });
  }
}
