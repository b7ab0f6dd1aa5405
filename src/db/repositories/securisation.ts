import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const claimWith = {
  household: { select: { reference: true } },
  payments: { orderBy: { date: "asc" } },
  events: { orderBy: { createdAt: "asc" } },
} as const;
export type ClaimRecord = Prisma.SecurisationClaimGetPayload<{ include: typeof claimWith }>;
type ClaimStatus = ClaimRecord["status"];

/** What a step of a claim may change. */
export interface ClaimChange {
  status: ClaimStatus;
  statusChangedAt: Date;
  missing?: string | null;
  rejectionReason?: string | null;
  acceptedCents?: number;
  acceptedOn?: string;
  paidCents?: number;
  paidOn?: string;
  submittedOn?: string;
}

/** What completing a draft (or an incomplete claim) may change. */
export interface ClaimContent {
  householdId?: string | null;
  homeReference?: string | null;
  claimedCents?: number | null;
  details?: Prisma.InputJsonValue;
  eligibility?: Prisma.InputJsonValue;
}

export class ClaimRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<ClaimRecord | null> {
    return this.db.securisationClaim.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: claimWith,
    });
  }

  /**
   * Bumps the claim's version as the transaction's first write: PostgreSQL takes the row lock,
   * SQLite the database write lock, so concurrent changes of one claim queue and each reads what
   * the one before it wrote. False when no such claim.
   */
  async lock(territoryId: string, reference: string): Promise<boolean> {
    const { count } = await this.db.securisationClaim.updateMany({
      where: { territoryId, reference },
      data: { version: { increment: 1 } },
    });
    return count === 1;
  }

  create(data: Prisma.SecurisationClaimUncheckedCreateInput) {
    return this.db.securisationClaim.create({ data });
  }

  async update(id: string, data: Partial<ClaimChange> & ClaimContent): Promise<void> {
    await this.db.securisationClaim.update({ where: { id }, data });
  }

  addEvent(data: Prisma.ClaimEventUncheckedCreateInput) {
    return this.db.claimEvent.create({ data });
  }

  addPayment(data: Prisma.ClaimPaymentUncheckedCreateInput) {
    return this.db.claimPayment.create({ data });
  }

  list(territoryId: string, statuses: readonly ClaimStatus[] | undefined, limit: number): Promise<ClaimRecord[]> {
    return this.db.securisationClaim.findMany({
      where: { territoryId, ...(statuses ? { status: { in: [...statuses] } } : {}) },
      include: claimWith,
      orderBy: [{ createdAt: "asc" }],
      take: limit,
    });
  }

  /** Display names of the members who made a claim's steps, for its history. */
  async actorNames(territoryId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const members = await this.db.member.findMany({
      where: { territoryId, id: { in: [...new Set(ids)] } },
      select: { id: true, displayName: true },
    });
    return new Map(members.map((m) => [m.id, m.displayName]));
  }

  /** The mesures of a household, with their dates: a claim's period must lie inside one. */
  mesuresOf(householdId: string) {
    return this.db.mesure.findMany({
      where: { householdId },
      select: { reference: true, entryDate: true, endDate: true },
      orderBy: { entryDate: "asc" },
    });
  }

  /** What a year's totals are computed from: claims, payments and advance steps of the territory. */
  async yearRows(territoryId: string, year: number) {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const [claims, payments, movements] = await Promise.all([
      this.db.securisationClaim.findMany({
        where: {
          territoryId,
          OR: [{ submittedOn: { gte: start, lte: end } }, { acceptedOn: { gte: start, lte: end } }],
        },
        select: { category: true, submittedOn: true, claimedCents: true, acceptedCents: true, acceptedOn: true },
      }),
      this.db.claimPayment.findMany({
        where: { territoryId, date: { gte: start, lte: end } },
        select: { date: true, amountCents: true, claim: { select: { category: true } } },
      }),
      // Every step up to the year's end: what is owed then depends on earlier years too.
      this.db.advanceMovement.findMany({
        where: { territoryId, date: { lte: end } },
        select: { advanceId: true, kind: true, date: true, amountCents: true },
      }),
    ]);
    return {
      claims,
      payments: payments.map((p) => ({ category: p.claim.category, date: p.date, cents: p.amountCents })),
      advanceMovements: movements.map((m) => ({
        advanceId: m.advanceId,
        kind: m.kind,
        date: m.date,
        cents: m.amountCents,
      })),
    };
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
  refusalReason?: string;
}

export class AdvanceRepository {
  constructor(private readonly db: TxClient) {}

  find(territoryId: string, reference: string): Promise<AdvanceRecord | null> {
    return this.db.treasuryAdvance.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: advanceWith,
    });
  }

  /** Like ClaimRepository.lock: the first write, so concurrent steps of one advance queue. */
  async lock(territoryId: string, reference: string): Promise<boolean> {
    const { count } = await this.db.treasuryAdvance.updateMany({
      where: { territoryId, reference },
      data: { version: { increment: 1 } },
    });
    return count === 1;
  }

  create(data: Prisma.TreasuryAdvanceUncheckedCreateInput) {
    return this.db.treasuryAdvance.create({ data });
  }

  async update(id: string, data: AdvanceChange): Promise<void> {
    await this.db.treasuryAdvance.update({ where: { id }, data });
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
