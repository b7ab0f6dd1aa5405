import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import type { LandlordRow } from "../db/repositories/landlords.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { isPrivateOwner, landlordKey, PRIVATE_OWNER_REF } from "../domain/landlord.ts";
import type { Actor } from "./types.ts";

type Parc = "public" | "prive";

/** What a mesure records of its landlord: a list entry, or a private owner by reference only. */
export interface MesureLandlord {
  landlordId: string | null;
  landlord: string;
  privateOwnerRef: string | null;
}

function find(rows: readonly LandlordRow[], name: string): LandlordRow | undefined {
  const key = landlordKey(name);
  return rows.find((row) => landlordKey(row.name) === key);
}

/**
 * The landlord a member names for a mesure or a situation: an entry of the territory's list, or
 * "privé" for a private owner (private stock, recorded with the territory's reference, never a
 * name). `parc` is the stock a mesure states; a situation states none (null).
 */
export async function landlordFor(
  repos: Repositories,
  territoryId: string,
  typed: string,
  parc: Parc | null,
  ownerRef: string | undefined,
): Promise<MesureLandlord> {
  if (isPrivateOwner(typed)) {
    if (parc === "public") throw new UserError("private_owner_public_stock", { option: "parc" });
    if (ownerRef !== undefined && !PRIVATE_OWNER_REF.test(ownerRef))
      throw new UserError("invalid_private_owner_ref", { option: "proprietaire" });
    return { landlordId: null, landlord: "", privateOwnerRef: ownerRef?.toUpperCase() ?? null };
  }
  if (ownerRef !== undefined) throw new UserError("owner_ref_for_private_only", { option: "proprietaire" });
  const rows = await repos.landlords.list(territoryId);
  const found = find(rows, typed);
  if (!found)
    throw new UserError("unknown_landlord", {
      option: "bailleur",
      known: rows.map((r) => r.name).join(", ") || "-",
    });
  return { landlordId: found.id, landlord: found.name, privateOwnerRef: null };
}

/** The admin's list of the territory's landlords. */
export class LandlordService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor): Promise<LandlordRow[]> {
    return readOnly(this.db).landlords.list(actor.territoryId);
  }

  /** Adds a landlord (or brings a removed one back, with the stock given now). */
  add(actor: Actor, name: string, parc: Parc): Promise<LandlordRow> {
    return inTransaction(this.db, async (repos) => {
      if (isPrivateOwner(name)) throw new UserError("landlord_is_private_owner", { option: "nom" });
      const existing = find(await repos.landlords.list(actor.territoryId, true), name);
      if (existing?.active) throw new UserError("landlord_exists", { name: existing.name });
      const row = existing
        ? await repos.landlords.setActive(existing.id, true, parc)
        : await repos.landlords.create(actor.territoryId, name.replace(/\s+/g, " ").trim(), parc);
      await this.audit(repos, actor, "landlord.added", row);
      return row;
    });
  }

  /** Removes a landlord from the list; mesures that name it keep it. */
  remove(actor: Actor, name: string): Promise<LandlordRow> {
    return inTransaction(this.db, async (repos) => {
      const rows = await repos.landlords.list(actor.territoryId);
      const found = find(rows, name);
      if (!found)
        throw new UserError("unknown_landlord", { option: "nom", known: rows.map((r) => r.name).join(", ") || "-" });
      const row = await repos.landlords.setActive(found.id, false);
      await this.audit(repos, actor, "landlord.removed", row);
      return row;
    });
  }

  private async audit(repos: Repositories, actor: Actor, action: string, row: LandlordRow): Promise<void> {
    await repos.audit.record(
      {
        territoryId: actor.territoryId,
        actorId: actor.memberId,
        action,
        subjectType: "landlord",
        subjectRef: row.name,
        details: { parc: row.parc },
      },
      this.clock.now(),
    );
  }
}
