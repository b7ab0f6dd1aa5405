import type { TxClient } from "../client.ts";
import type { ClaimRecord } from "./securisation.ts";

type ClaimStatus = ClaimRecord["status"];

export interface HomeRows {
  echeances: { mesureRef: string; kind: string; dueDate: string }[];
  actions: { number: number; situationRef: string; dueDate: string }[];
  claims: { reference: string; status: string; since: Date }[];
}

/** What waits on one member: reads by references only, nothing about a household's details. */
export class HomeRepository {
  constructor(private readonly db: TxClient) {}

  async forMember(
    territoryId: string,
    memberId: string,
    until: string,
    claims: { declared: readonly ClaimStatus[]; any: readonly ClaimStatus[] },
    limit: number,
  ): Promise<HomeRows> {
    const [echeances, actions, declared, any] = await Promise.all([
      this.db.echeance.findMany({
        where: {
          territoryId,
          doneAt: null,
          cancelledAt: null,
          dueDate: { lte: until },
          mesure: { status: "active", household: { followerId: memberId } },
        },
        select: { kind: true, dueDate: true, mesure: { select: { reference: true } } },
        orderBy: { dueDate: "asc" },
        take: limit,
      }),
      this.db.situationAction.findMany({
        where: { territoryId, ownerId: memberId, doneAt: null, dueDate: { lte: until } },
        select: { number: true, dueDate: true, situation: { select: { reference: true } } },
        orderBy: { dueDate: "asc" },
        take: limit,
      }),
      this.claimRows({ territoryId, declaredById: memberId, status: { in: [...claims.declared] } }, limit),
      claims.any.length > 0
        ? this.claimRows({ territoryId, status: { in: [...claims.any] } }, limit)
        : Promise.resolve([]),
    ]);
    const seen = new Set<string>();
    return {
      echeances: echeances.map((e) => ({ mesureRef: e.mesure.reference, kind: e.kind, dueDate: e.dueDate })),
      actions: actions.map((a) => ({ number: a.number, situationRef: a.situation.reference, dueDate: a.dueDate })),
      claims: [...declared, ...any]
        .filter((c) => !seen.has(c.reference) && seen.add(c.reference))
        .sort((a, b) => a.since.getTime() - b.since.getTime())
        .slice(0, limit),
    };
  }

  private async claimRows(
    where: NonNullable<Parameters<TxClient["securisationClaim"]["findMany"]>[0]>["where"],
    limit: number,
  ): Promise<HomeRows["claims"]> {
    const rows = await this.db.securisationClaim.findMany({
      where,
      select: { reference: true, status: true, statusChangedAt: true },
      orderBy: { statusChangedAt: "asc" },
      take: limit,
    });
    return rows.map((r) => ({ reference: r.reference, status: r.status, since: r.statusChangedAt }));
  }
}
