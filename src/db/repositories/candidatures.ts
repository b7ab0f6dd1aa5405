import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const withRelations = { household: true, dispositif: true, mesure: { select: { reference: true } } } as const;
export type CandidatureEventKind = "deposee" | "redeposee" | "validee" | "refusee" | "ajournee";
export type CandidatureRecord = Prisma.CandidatureGetPayload<{ include: typeof withRelations }>;

export class CandidatureRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<CandidatureRecord | null> {
    return this.db.candidature.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: withRelations,
    });
  }

  create(data: Prisma.CandidatureUncheckedCreateInput): Promise<CandidatureRecord> {
    return this.db.candidature.create({ data, include: withRelations });
  }

  update(id: string, data: Prisma.CandidatureUncheckedUpdateInput): Promise<CandidatureRecord> {
    return this.db.candidature.update({ where: { id }, data, include: withRelations });
  }

  /**
   * Changes the status only if it is still `from`: two SIAO members clicking at once cannot both
   * decide. Returns false when someone else changed it first.
   */
  async transition(
    id: string,
    from: "soumise" | "ajournee",
    data: Prisma.CandidatureUncheckedUpdateManyInput,
  ): Promise<boolean> {
    const { count } = await this.db.candidature.updateMany({ where: { id, status: from }, data });
    return count === 1;
  }

  /** Adds a step to the candidature's history (a deposit, an adjournment, a resubmission...). */
  async addEvent(data: Prisma.CandidatureEventUncheckedCreateInput): Promise<void> {
    await this.db.candidatureEvent.create({ data });
  }

  /** The candidature's history, oldest first. */
  history(candidatureId: string) {
    return this.db.candidatureEvent.findMany({
      where: { candidatureId },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      select: { kind: true, at: true, byId: true, text: true },
    });
  }

  pendingFor(householdId: string, dispositifId: string) {
    return this.db.candidature.findFirst({
      where: { householdId, dispositifId, status: { in: ["soumise", "ajournee"] } },
    });
  }

  list(
    territoryId: string,
    status: CandidatureRecord["status"] | undefined,
    limit: number,
  ): Promise<CandidatureRecord[]> {
    return this.db.candidature.findMany({
      where: { territoryId, ...(status ? { status } : {}) },
      include: withRelations,
      orderBy: [{ submittedAt: "desc" }],
      take: limit,
    });
  }
}
