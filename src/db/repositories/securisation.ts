import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const claimWith = { household: { select: { reference: true } } } as const;
export type ClaimRecord = Prisma.SecurisationClaimGetPayload<{ include: typeof claimWith }>;
type ClaimStatus = ClaimRecord["status"];

/** What a step of a claim may change. */
export interface ClaimChange {
  status: ClaimStatus;
  statusChangedAt: Date;
  missing?: string | null;
  rejectionReason?: string | null;
  acceptedCents?: number;
  paidCents?: number;
  paidOn?: string;
}

export class ClaimRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<ClaimRecord | null> {
    return this.db.securisationClaim.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: claimWith,
    });
  }

  create(data: Prisma.SecurisationClaimUncheckedCreateInput) {
    return this.db.securisationClaim.create({ data });
  }

  /** Moves a claim only from the state it was read in: a concurrent change makes this return false. */
  async transition(id: string, from: ClaimStatus, data: ClaimChange): Promise<boolean> {
    const { count } = await this.db.securisationClaim.updateMany({ where: { id, status: from }, data });
    return count === 1;
  }

  list(territoryId: string, statuses: readonly ClaimStatus[] | undefined, limit: number): Promise<ClaimRecord[]> {
    return this.db.securisationClaim.findMany({
      where: { territoryId, ...(statuses ? { status: { in: [...statuses] } } : {}) },
      include: claimWith,
      orderBy: [{ createdAt: "asc" }],
      take: limit,
    });
  }
}

const advanceWith = { movements: { orderBy: { createdAt: "asc" } } } as const;
export type AdvanceRecord = Prisma.TreasuryAdvanceGetPayload<{ include: typeof advanceWith }>;
type AdvanceStatus = AdvanceRecord["status"];

/** What a step of an advance may change. */
export interface AdvanceChange {
  status?: AdvanceStatus;
  grantedCents?: number;
  disbursedCents?: number;
  repaidCents?: number;
}

export class AdvanceRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<AdvanceRecord | null> {
    return this.db.treasuryAdvance.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: advanceWith,
    });
  }

  create(data: Prisma.TreasuryAdvanceUncheckedCreateInput) {
    return this.db.treasuryAdvance.create({ data });
  }

  /** Changes an advance only if it is still in the state and balance it was read with. */
  async transition(id: string, from: AdvanceStatus, repaidCents: number, data: AdvanceChange): Promise<boolean> {
    const { count } = await this.db.treasuryAdvance.updateMany({ where: { id, status: from, repaidCents }, data });
    return count === 1;
  }

  addMovement(data: Prisma.AdvanceMovementUncheckedCreateInput) {
    return this.db.advanceMovement.create({ data });
  }

  list(territoryId: string, statuses: readonly AdvanceStatus[], limit: number): Promise<AdvanceRecord[]> {
    return this.db.treasuryAdvance.findMany({
      where: { territoryId, status: { in: [...statuses] } },
      include: advanceWith,
      orderBy: [{ expectedPaymentDate: "asc" }],
      take: limit,
    });
  }
}
