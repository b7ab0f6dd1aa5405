import type { TxClient } from "../client.ts";
import type { RefEntity } from "../../core/options.ts";

/** Pseudonymous references starting with what a member typed, newest first, in one territory. */
export class ReferenceSearchRepository {
  constructor(private readonly db: TxClient) {}

  async search(territoryId: string, entity: RefEntity, prefix: string, limit: number): Promise<string[]> {
    const where = { territoryId, reference: { startsWith: prefix } };
    const select = { reference: true } as const;
    const orderBy = { reference: "desc" } as const;
    const pick = (rows: { reference: string }[]) => rows.map((r) => r.reference);
    switch (entity) {
      case "household":
        return pick(
          await this.db.household.findMany({ where: { ...where, anonymizedAt: null }, select, orderBy, take: limit }),
        );
      case "candidature":
        return pick(await this.db.candidature.findMany({ where, select, orderBy, take: limit }));
      case "mesure":
        return pick(await this.db.mesure.findMany({ where, select, orderBy, take: limit }));
      case "situation":
        return pick(await this.db.situation.findMany({ where, select, orderBy, take: limit }));
      case "claim":
        return pick(await this.db.securisationClaim.findMany({ where, select, orderBy, take: limit }));
      case "advance":
        return pick(await this.db.treasuryAdvance.findMany({ where, select, orderBy, take: limit }));
      case "dispositif":
        return (
          await this.db.dispositif.findMany({
            where: { territoryId, code: { startsWith: prefix.toLowerCase() } },
            select: { code: true },
            orderBy: { code: "asc" },
            take: limit,
          })
        ).map((d) => d.code);
      case "member":
        return (
          await this.db.member.findMany({
            where: { territoryId, externalId: { startsWith: prefix } },
            select: { externalId: true },
            orderBy: { externalId: "asc" },
            take: limit,
          })
        ).map((m) => m.externalId);
    }
  }

  /** The members of a territory, by name, for finding one by part of their name. */
  members(territoryId: string, limit: number): Promise<{ externalId: string; displayName: string }[]> {
    return this.db.member.findMany({
      where: { territoryId },
      select: { externalId: true, displayName: true },
      orderBy: { displayName: "asc" },
      take: limit,
    });
  }
}
